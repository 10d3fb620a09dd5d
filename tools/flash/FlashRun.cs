using System.Text;

namespace HeartRateStreamer.Flash;

/// <summary>
/// One run of the tool: checks device.json, then prints the plan (--dry-run) or carries it out. Every problem becomes
/// a <see cref="FlashException"/> with its exit code; a dry run stops only for device.json and notes the rest.
/// </summary>
internal static class FlashRun
{
    private const string WorkFolderShown = "<temporary folder>";

    public static int Execute(FlashOptions options, TextWriter output, TextWriter errors)
    {
        var warnings = new List<string>(); // said after the run's own outcome, which they must not hide
        int exitCode;
        try
        {
            exitCode = options.DryRun ? DryRun(options, output) : Flash(options, output, warnings);
        }
        catch (FlashException e)
        {
            errors.WriteLine("flash: " + e.Message);
            exitCode = e.ExitCode;
        }

        foreach (string warning in warnings)
        {
            errors.WriteLine("flash: warning: " + warning);
        }

        return exitCode;
    }

    private static int DryRun(FlashOptions options, TextWriter output)
    {
        using DeviceFile device = DeviceFile.Load(options.ConfigFile, options.ConfigShown);
        string image = ApplicationImage.Locate(options.Image);
        string? imageProblem = ApplicationImage.Problem(image, options.Image != null);
        PortChoice port = SerialPorts.Choose(options.Port, SerialPorts.Present());
        IReadOnlyList<FlashStep> steps = FlashPlan.Steps(options, device, port.Shown, image, WorkFolderShown, mask: true);

        output.WriteLine("Dry run: the commands this tool would run, in order, in tools/flash (where nanoff's tool manifest is); nothing is run or written.");
        output.WriteLine($"  config: {options.ConfigShown} (valid)");
        output.WriteLine($"  target: {options.Target}");
        output.WriteLine($"  port:   {port.Shown}" + (port.Port != null && port.Note != null ? $" ({port.Note})" : ""));
        output.WriteLine($"  image:  {image}");
        if (device.Note != null)
        {
            output.WriteLine();
            output.WriteLine("NOTE: " + device.Note);
        }

        if (device.ExamplePlaceholderKeys.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(ExamplePlaceholders.DryRunNote(device.ExamplePlaceholderKeys));
        }

        foreach (string? problem in new[] { imageProblem, port.Port == null ? port.Note : null })
        {
            if (problem != null)
            {
                output.WriteLine();
                output.WriteLine("NOTE: " + problem);
                output.WriteLine($"      A real run stops here with exit code {ExitCodes.BoardOrPort}, before writing anything to the board.");
            }
        }

        output.WriteLine();
        for (int i = 0; i < steps.Count; i++)
        {
            FlashStep step = steps[i];
            output.WriteLine($"# {i + 1}. {step.Title}");
            foreach (ToolCommand command in step.Commands)
            {
                output.WriteLine(command);
            }

            foreach (GeneratedFile file in step.Files)
            {
                if (!file.IsText)
                {
                    output.WriteLine($"  {file.Path}, generated: {file.About} ({file.Content.Length} bytes)");
                    continue;
                }

                output.WriteLine($"  {file.Path}, generated: {file.About}:");
                foreach (string line in Encoding.UTF8.GetString(file.Content).TrimEnd('\n').Split('\n'))
                {
                    output.WriteLine("    " + line);
                }
            }
        }

        return ExitCodes.Done;
    }

    // All of them before the first command, so a full disk (or a folder that cannot take them) stops the run before
    // anything reaches the board, as a temporary folder that cannot be made does.
    private static void WriteGeneratedFiles(IReadOnlyList<FlashStep> steps)
    {
        foreach (GeneratedFile file in steps.SelectMany(step => step.Files))
        {
            try
            {
                File.WriteAllBytes(file.Path, file.Content);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new FlashException(ExitCodes.InvalidConfiguration,
                    $"the file nanoff reads {file.Path} could not be written ({e.Message.TrimEnd('.')}): free space in the temporary folder {Path.GetTempPath()} "
                    + "or point TMPDIR (TMP or TEMP on Windows) at a folder with room that you may write to. Nothing was written to the board.");
            }
        }
    }

    private static int Flash(FlashOptions options, TextWriter output, List<string> warnings)
    {
        using DeviceFile device = DeviceFile.Load(options.ConfigFile, options.ConfigShown);
        if (device.ExamplePlaceholderKeys.Count > 0)
        {
            throw new FlashException(ExitCodes.InvalidConfiguration, ExamplePlaceholders.Refusal(options.ConfigShown, device.ExamplePlaceholderKeys));
        }

        string image = ApplicationImage.Locate(options.Image);
        string? imageProblem = ApplicationImage.Problem(image, options.Image != null);
        if (imageProblem != null)
        {
            throw new FlashException(ExitCodes.BoardOrPort, imageProblem);
        }

        PortChoice port = SerialPorts.Choose(options.Port, SerialPorts.Present());
        if (port.Port == null)
        {
            throw new FlashException(ExitCodes.BoardOrPort, port.Note!);
        }

        if (device.Note != null)
        {
            output.WriteLine("NOTE: " + device.Note);
        }

        // The generated files hold the Wi-Fi password: a folder only this user can read (700 on Unix), gone when the run ends,
        // also when it is interrupted. Made before anything is written to the board, so a temporary folder that is missing
        // or not writable stops the run as a bad setting of it does.
        using var interruption = new Interruption();
        WorkFolder workFolder = WorkFolder.Create(output, warnings);
        try
        {
            IReadOnlyList<FlashStep> steps = FlashPlan.Steps(options, device, port.Port, image, workFolder.Folder.FullName, mask: false);
            WriteGeneratedFiles(steps);
            for (int i = 0; i < steps.Count; i++)
            {
                FlashStep step = steps[i];
                output.WriteLine($"== {i + 1}. {step.Title}");
                output.Flush();
                foreach (ToolCommand command in step.Commands)
                {
                    interruption.ThrowIfStopped(i + 1, step.Title);
                    output.WriteLine(command);
                    output.Flush();
                    (int exitCode, bool saidSuccess) = command.Run(output, interruption.Token);
                    if (exitCode != 0 || !saidSuccess)
                    {
                        interruption.AwaitSignalAfterFailure();
                    }

                    interruption.ThrowIfStopped(i + 1, step.Title);
                    if (exitCode != 0)
                    {
                        throw new FlashException(ExitCodes.NanoffFailed,
                            $"step {i + 1} ({step.Title}) failed: '{command}' ended with exit code {exitCode}; its output is above. {step.FailureHint}");
                    }

                    if (!saidSuccess)
                    {
                        // nanoff ends a failed file write with exit code 0 (its FileDeploymentManager only prints the error).
                        throw new FlashException(ExitCodes.NanoffFailed,
                            $"step {i + 1} ({step.Title}) failed: '{command}' ended with exit code 0 but did not print \"…{command.SuccessText!.TrimStart()}\", "
                            + $"so the board may keep its old settings; its output is above. {step.FailureHint}");
                    }
                }
            }
        }
        finally
        {
            if (workFolder.Delete() is { } leftBehind)
            {
                warnings.Add(leftBehind);
            }
        }

        output.WriteLine($"== done: the board restarts, joins '{device.Settings.WifiSsid}' and streams to {device.Settings.ServerUrl}.");
        output.WriteLine("   Watch its log in Visual Studio (Device Explorer, then Output) or on the serial port; the status LED shows its state (firmware/HeartRateStreamer/README.md).");
        return ExitCodes.Done;
    }
}
