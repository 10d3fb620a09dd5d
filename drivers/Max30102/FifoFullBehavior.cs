namespace Iot.Device.Max30102
{
    /// <summary>
    /// What the FIFO does when all 32 slots hold unread samples: FIFO_ROLLOVER_EN, bit 4 of FIFO_CONFIG
    /// (datasheet, register 0x08). Either way OVF_COUNTER counts the samples lost.
    /// </summary>
    public enum FifoFullBehavior
    {
        /// <summary>Rollover off (power-on default): the FIFO stops taking samples until the host reads; new samples are lost.</summary>
        KeepOldest = 0,

        /// <summary>Rollover on: the FIFO keeps filling and overwrites the oldest unread samples.</summary>
        OverwriteOldest = 1,
    }
}
