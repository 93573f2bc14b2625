package dev.labconsole.cli;

import dev.labconsole.aws.AwsErrors;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.lab.Connection;
import dev.labconsole.lab.ImageSupport;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabConfigException;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabInputException;
import dev.labconsole.lab.LabStateException;
import dev.labconsole.lab.LabListener;
import dev.labconsole.lab.LabStateStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every lab command does around its own work: check everything the user typed before any AWS
 * call (exit 2, one {@code error:} line per problem), connect the engine, and turn whatever AWS
 * answers into one clear line (exit 1), with a stack trace only when {@code LABCONSOLE_DEBUG} is set.
 */
abstract class LabCommand implements Callable<Integer> {

    @Mixin
    LabOptions options;

    @Spec
    CommandSpec spec;

    PrintWriter out;
    PrintWriter err;

    /** Changes the lab's settings from this command's options. */
    void configure(LabConfigOverrides overrides) {
    }

    /**
     * Problems with values this command uses that only loading them shows (apply's model), checked
     * before anything connects; {@code config} is valid.
     */
    void checkInputs(LabConfig config, List<String> problems) {
    }

    /** Problems with this command's own options that the settings cannot see. */
    void checkOptions(List<String> problems) {
    }

    /** How this command's engine builds the service's image (apply may change the base). */
    ImageSupport images(ImageSupport standard) {
        return standard;
    }

    /** Where the engine's events go. */
    LabListener listener() {
        return LabEventPrinter.quiet(err);
    }

    /** Called once the engine is open, before {@link #run}. */
    void opened(LabEngine engine) {
    }

    /** Called after {@link #run}, before the engine closes. */
    void closing(LabEngine engine) {
    }

    /** The command's work; returns the exit code. */
    abstract int run(LabEngine engine) throws Exception;

    @Override
    public final Integer call() {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        List<String> problems = new ArrayList<>();
        LabConfig config = null;
        try {
            LabConfigOverrides overrides = new LabConfigOverrides(LabConfig.named(options.lab));
            configure(overrides);
            config = overrides.build().validate();
        } catch (LabConfigException e) {
            problems.addAll(e.problems());
        }
        problems.addAll(options.awsProblems());
        checkOptions(problems);
        if (problems.isEmpty()) {
            checkInputs(config, problems);
        }
        Connection connection = new Connection(options.region, options.profile, options.endpoint, null,
                options.registry);
        if (problems.isEmpty()) {
            java.util.Optional.ofNullable(connection.endpointProblem()).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            problems.forEach(problem -> err.println("error: " + problem));
            return ExitCode.BAD_INPUT;
        }
        LabStateStore store = options.home != null ? new LabStateStore(options.home) : LabStateStore.fromEnvironment();
        try (LabEngine engine = LabEngine.connect(config, connection, store, listener(),
                images(ImageSupport.standard().withPracticeRegistry(options.registry)))) {
            opened(engine);
            try {
                return run(engine);
            } finally {
                closing(engine);
            }
        } catch (LabInputException bad) {
            // Typed by the engine: nothing was asked of AWS, so this is bad input, not a failure.
            bad.check().problems().forEach(problem -> err.println("error: " + problem.message()));
            return ExitCode.BAD_INPUT;
        } catch (LabStateException unusable) {
            err.println("error: " + unusable.getMessage());
            return ExitCode.BAD_INPUT;
        } catch (AwsProblem problem) {
            return failed(problem.getMessage(), problem);
        } catch (Exception e) {
            return failed(AwsErrors.explain(spec.name(), e).getMessage(), e);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int failed(String message, Throwable cause) {
        err.println("error: " + message);
        if (System.getenv("LABCONSOLE_DEBUG") != null && !System.getenv("LABCONSOLE_DEBUG").isBlank()) {
            cause.printStackTrace(err);
        }
        return ExitCode.FAILED;
    }

    /** "account 123456789012, region us-east-1"; records nothing (plan and check write no state). */
    static String where(LabEngine engine) {
        return "account " + engine.account() + ", region " + engine.context().region();
    }

    /**
     * Asks on standard error and reads one line from standard input; null when there is no answer
     * (standard input closed, as in a script without {@code --yes}).
     */
    String ask(String question) throws IOException {
        err.print(question + " ");
        err.flush();
        // Not closed: closing would close the process's standard input.
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String answer = in.readLine();
        if (answer == null) {
            err.println();
        }
        return answer;
    }
}
