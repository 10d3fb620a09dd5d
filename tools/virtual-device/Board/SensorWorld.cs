using HeartRateStreamer.Configuration;
using HeartRateStreamer.Ports;
using HeartRateStreamer.Simulation.Max30102;
using HeartRateStreamer.Simulation.Ppg;
using HeartRateStreamer.VirtualDevice.Adapters;
using Iot.Device.Max30102;

namespace HeartRateStreamer.VirtualDevice.Board;

/// <summary>
/// The virtual device's sensors and what they see: the device opens a bus or an ADC channel as on the board and gets
/// a register-level simulated MAX30102 or a simulated 12-bit ADC, fed by the synthetic PPG (or a recording, through the
/// chip). The scripted faults act here: the finger lifts, the chip stops answering.
/// </summary>
public sealed class SensorWorld
{
    private const int SyntheticSampleRateHertz = 100;

    private readonly SensorScene _scene;
    private readonly IClock _clock;
    private readonly long _startMilliseconds;
    private FaultScript _faults = FaultScript.None;
    private readonly RecordingWaveform? _recording;
    private SyntheticPpgGenerator? _generator;
    private bool _fingerLifted;

    /// <summary>The world of <paramref name="scene"/>, on <paramref name="clock"/>; faults are counted from now.</summary>
    public SensorWorld(SensorScene scene, IClock clock)
    {
        _scene = scene;
        _clock = clock;
        _startMilliseconds = clock.Milliseconds;
        if (scene.SourceFile != null)
        {
            _recording = new RecordingWaveform(scene.SourceFile);
        }
    }

    /// <summary>What the sensor sees.</summary>
    public SensorScene Scene => _scene;

    /// <summary>The simulated chip once the device opened it, or null.</summary>
    public SimulatedMax30102? Chip { get; private set; }

    /// <summary>True when a recording is played and has no red channel (SpO2 would mean nothing).</summary>
    public bool LacksRed => _recording is { HasRed: false };

    /// <summary>The recording played and from which column (<see cref="RecordingWaveform.Description"/>), or null for the synthetic finger.</summary>
    public string? Recording => _recording?.Description;

    /// <summary>True once a recording has been played to its end.</summary>
    public bool Finished => _recording is { Finished: true };

    /// <summary>The faults that act on the sensor: the finger lifts, the chip stops answering. Set before the device opens the sensor.</summary>
    public FaultScript Faults
    {
        get => _faults;
        set => _faults = value;
    }

    /// <summary>
    /// The synthetic finger off the sensor while true, switched at run time (a soak lifts it every cycle); the
    /// <see cref="Faults"/>' finger-off window acts besides. A recording has no finger to lift.
    /// </summary>
    public bool FingerLifted
    {
        get => _fingerLifted;
        set
        {
            if (value && _recording != null)
            {
                throw new InvalidOperationException($"{_recording.Description} is played: a recording has no finger to lift; lift it on the synthetic finger (--source synthetic).");
            }

            _fingerLifted = value;
            if (_generator != null)
            {
                _generator.FingerLifted = value;
            }
        }
    }

    /// <summary>
    /// What this world means for the configuration: a recording without a red channel has no SpO2 to stream, so its
    /// token is dropped (the firmware streams SpO2 only for a sensor with red).
    /// </summary>
    public DeviceConfiguration Adjust(DeviceConfiguration configuration)
    {
        return LacksRed ? configuration.Set(ConfigurationKeys.ServerOxygenSaturationToken, "", "--source (no red column)") : configuration;
    }

    /// <summary>The MAX30102 on I2C; a recording is played through it.</summary>
    public IRegisterBus OpenI2cBus(int deviceAddress)
    {
        if (deviceAddress != Max30102.DefaultI2cAddress)
        {
            throw new IOException($"nothing answers at I2C address 0x{deviceAddress:X2}: the simulated MAX30102 is at 0x{Max30102.DefaultI2cAddress:X2}.");
        }

        IOpticalWaveform waveform = _recording ?? (IOpticalWaveform)new SyntheticOpticalWaveform(CreateGenerator(out _));
        Chip = new SimulatedMax30102(_clock, waveform);
        return Chip;
    }

    /// <summary>
    /// Throws when <paramref name="sensor"/> cannot see this world: a recording is played through the simulated MAX30102
    /// only. Checked before the device starts, so it is bad input, not a start-up failure of the board: a
    /// <see cref="CommandLineException"/> when <paramref name="sensorOption"/> (the option that set sensor.type, if one did)
    /// asked for it beside --source, else the configuration file's <see cref="InputException"/>.
    /// </summary>
    public void CheckSensor(SensorKind sensor, string? sensorOption = null)
    {
        if (_recording != null && sensor == SensorKind.Analog)
        {
            const string Why = "a recording is played through the simulated MAX30102";
            throw sensorOption != null
                ? new CommandLineException($"{sensorOption} analog with --source FILE.csv: {Why}; leave out {sensorOption}, or use --source synthetic.")
                : new InputException($"{Why}; use sensor.type max30102 with --source FILE.csv.");
        }
    }

    /// <summary>The analog PulseSensor's output on an ADC channel.</summary>
    public IAnalogInput OpenAnalogInput()
    {
        CheckSensor(SensorKind.Analog);
        SyntheticPpgGenerator generator = CreateGenerator(out SyntheticPpgSettings settings);
        return new SyntheticAnalogInput(generator, settings, _clock);
    }

    /// <summary>Applies the faults that act on the sensor at <paramref name="elapsedMilliseconds"/> since the run started.</summary>
    public void ApplyFaults(long elapsedMilliseconds)
    {
        if (Chip != null)
        {
            Chip.IsResponding = !_faults.SensorSilent.IsOn(elapsedMilliseconds);
        }
    }

    private SyntheticPpgGenerator CreateGenerator(out SyntheticPpgSettings ppg)
    {
        ppg = new SyntheticPpgSettings { SampleRateHz = SyntheticSampleRateHertz, HeartRateBeatsPerMinute = _scene.BeatsPerMinute, NoiseRatio = 0.02 };
        if (_scene.RateStepSeconds >= 0)
        {
            ppg.RateStepTimeSeconds = _startMilliseconds / 1000.0 + _scene.RateStepSeconds;
            ppg.SteppedHeartRateBeatsPerMinute = _scene.SteppedBeatsPerMinute;
        }

        if (_scene.NoFinger)
        {
            ppg.FingerOffStartSeconds = 0;
            ppg.FingerOffDurationSeconds = double.MaxValue;
        }
        else if (_faults.FingerOff.DurationMilliseconds > 0)
        {
            ppg.FingerOffStartSeconds = (_startMilliseconds + _faults.FingerOff.StartMilliseconds) / 1000.0;
            ppg.FingerOffDurationSeconds = _faults.FingerOff.DurationMilliseconds / 1000.0;
        }

        _generator = new SyntheticPpgGenerator(ppg) { FingerLifted = _fingerLifted };
        return _generator;
    }
}
