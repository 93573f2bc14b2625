package dev.labconsole.cli;

import dev.labconsole.runtime.batch.InputException;
import dev.labconsole.runtime.model.FileProblems;
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
            if (error instanceof java.io.UncheckedIOException || error instanceof dev.labconsole.aws.AwsProblem) {
                err.println("error: " + error.getMessage());
            } else if (error instanceof java.nio.file.FileSystemException files) {
                // The JDK's message is often the path alone: say the path and the reason in words.
                err.println("error: " + files.getFile() + ": " + FileProblems.why(files));
            } else if (error instanceof java.io.IOException io) {
                err.println("error: " + FileProblems.why(io));
            } else {
                // A message a developer wrote for developers (or none): the user gets what to do, not the class.
                err.println("error: " + cmd.getCommandName() + " stopped on an internal problem; run it again with"
                        + " LABCONSOLE_DEBUG=1 to see the details, and report them");
            }
            if (System.getenv("LABCONSOLE_DEBUG") != null) {
                error.printStackTrace(err);
            }
            return ExitCode.FAILED;
        });
        // One line saying what to fix, rather than the whole usage text after it.
        commandLine.setParameterExceptionHandler((error, arguments) -> {
            CommandLine command = error.getCommandLine();
            String suggestions = error instanceof CommandLine.UnmatchedArgumentException unmatched
                    && !unmatched.getSuggestions().isEmpty()
                    ? "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?" : "";
            String name = command.getCommandSpec().qualifiedName();
            String message = error.getMessage().strip().replace("\n", " ").replaceFirst("^Error: ", "");
            err.println("error: " + message + suggestions + " (see '" + name
                    + " --help')");
            return ExitCode.BAD_INPUT;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
