package dev.labconsole.cli;

import dev.labconsole.runtime.batch.InputException;
import dev.labconsole.runtime.model.ModelException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code labconsole} command and its subcommands. */
@Command(
        name = "labconsole",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        versionProvider = Version.class,
        description = {
            "Lab Console: the AWS MLOps lab, step by step, with a local model runtime.",
            "Run with no arguments to open the window."
        },
        subcommands = {PredictCommand.class, ServeCommand.class, LabPlanCommand.class, LabApplyCommand.class,
            LabCheckCommand.class, LabStatusCommand.class, LabDestroyCommand.class, LabLogsCommand.class,
            ImageCommand.class, AccountCommand.class, ScaleCommand.class, RolloutCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed", "2:bad input (nothing was called)"})
public final class LabConsoleCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a command: predict, serve, plan, apply, check, status, destroy, logs, image (see --help)");
    }

    /** Runs the command line with the process's standard streams. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new LabConsoleCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((error, cmd, parseResult) -> {
            if (error instanceof InputException || error instanceof ModelException
                    || error instanceof IllegalArgumentException) {
                err.println("error: " + error.getMessage());
                return ExitCode.BAD_INPUT;
            }
            err.println("error: " + (error.getMessage() == null ? error.toString() : error.getMessage()));
            if (System.getenv("LABCONSOLE_DEBUG") != null) {
                error.printStackTrace(err);
            }
            return ExitCode.FAILED;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
