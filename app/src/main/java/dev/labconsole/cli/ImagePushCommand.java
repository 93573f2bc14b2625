package dev.labconsole.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsErrors;
import dev.labconsole.aws.AwsProblem;
import dev.labconsole.image.BuiltImage;
import dev.labconsole.image.ImageDestination;
import dev.labconsole.image.ImageException;
import dev.labconsole.image.ImageLayer;
import dev.labconsole.image.ImageRequest;
import dev.labconsole.image.RegistryCredentials;
import dev.labconsole.image.ServerImage;
import dev.labconsole.lab.Connection;
import dev.labconsole.lab.EcrLogin;
import dev.labconsole.lab.LabConfig;
import dev.labconsole.lab.LabConfigException;
import dev.labconsole.lab.ImageSupport;
import dev.labconsole.lab.LabEngine;
import dev.labconsole.lab.LabEvent;
import dev.labconsole.lab.LabListener;
import dev.labconsole.lab.LabRepository;
import dev.labconsole.lab.LabStateStore;
import dev.labconsole.lab.PushedImage;
import dev.labconsole.lab.steps.ImageStep;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code labconsole image push}: builds the model server's image from this installation's jars and pushes
 * it to the lab's ECR repository (or {@code --to}, or writes {@code --tar}). Everything typed is checked
 * before any network call; AWS is asked only for an ECR destination.
 */
@Command(name = "push", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Build the model server's image (no Docker) and push it to the lab's ECR repository.",
            "Without --to: <account>.dkr.ecr.<region>.amazonaws.com/<lab>:latest, which must exist (apply creates it)."},
        footer = {"%nExamples:",
            "  labconsole image push",
            "  labconsole image push --to 127.0.0.1:5000/sentiment-app:dev",
            "  labconsole image push --tar server-image.tar   (then: podman load -i server-image.tar)"})
final class ImagePushCommand implements Callable<Integer> {

    private static final Pattern ECR_HOST = Pattern.compile("\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");

    @Mixin
    LabOptions options;

    @Option(names = "--base", paramLabel = "IMAGE",
            description = "A JRE 17 image with java on the PATH (default: ${DEFAULT-VALUE}).")
    String base = ServerImage.DEFAULT_BASE;

    @Option(names = "--to", paramLabel = "IMAGE",
            description = "Push here instead, e.g. 127.0.0.1:5000/server:dev (a registry on this machine needs no login).")
    String to;

    @Option(names = "--tar", paramLabel = "FILE",
            description = "Write an image archive instead of pushing (podman load / docker load read it).")
    Path tar;

    @Spec
    CommandSpec spec;

    /** Set by Ctrl-C; the build reads it between its stages and every 100 ms while Jib works. */
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems = new ArrayList<>();
        try {
            LabConfig.named(options.lab).validate();
        } catch (LabConfigException e) {
            problems.addAll(e.problems());
        }
        problems.addAll(options.awsProblems());
        Path archive = CallerPaths.resolve(tar);
        String named = to != null ? to : options.lab + ":latest";
        ImageDestination planned = archive != null
                ? new ImageDestination.Archive(archive, named)
                : new ImageDestination.Registry(to != null ? to : "placeholder.invalid/" + options.lab + ":latest", null);
        try {
            ServerImage.validate(new ImageRequest(base, null, planned));
        } catch (ImageException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            problems.forEach(problem -> err.println("error: " + problem));
            return ExitCode.BAD_INPUT;
        }

        LayerProgressPrinter progress = new LayerProgressPrinter(err);
        Thread stopOnInterrupt = new Thread(() -> stop(err), "labconsole-stop");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        try {
            if (to == null && archive == null) {
                return pushToTheLab(out, err, progress);
            }
            ImageRequest request = request(planned, archive, progress);
            if (request == null) {
                return ExitCode.BAD_INPUT;
            }
            BuiltImage image = ServerImage.fromClassPath(workDir()).build(request, progress, stopRequested::get);
            print(out, image, archive);
            return ExitCode.OK;
        } catch (ImageException e) {
            if (stopRequested.get()) {
                return stopped(err);
            }
            err.println("error: " + e.getMessage());
            debug(err, e);
            return e.kind() == ImageException.Kind.BAD_INPUT ? ExitCode.BAD_INPUT : ExitCode.FAILED;
        } catch (AwsProblem e) {
            if (stopRequested.get()) {
                return stopped(err);
            }
            err.println("error: " + e.getMessage());
            debug(err, e);
            return ExitCode.FAILED;
        } catch (MissingRepository e) {
            err.println("error: " + e.getMessage());
            return ExitCode.BAD_INPUT;
        } catch (RuntimeException e) {
            if (stopRequested.get()) {
                return stopped(err);
            }
            err.println("error: " + AwsErrors.explain("pushing the image", e).getMessage());
            debug(err, e);
            return ExitCode.FAILED;
        } finally {
            out.flush();
            err.flush();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running (Ctrl-C): it ends now that the push has.
            }
        }
    }

    /**
     * Ctrl-C: the build stops its transfers within a second (nothing is tagged, so the registry holds no
     * half image under the name) and this waits for that before the process ends.
     */
    private void stop(PrintWriter err) {
        if (finished.getCount() == 0) {
            return;
        }
        err.println("Stopping the push: its transfers end within a second and the image is not tagged; run the same"
                + " command again to push (layers the registry already has are not sent again).");
        err.flush();
        stopRequested.set(true);
        try {
            finished.await(ChangingLabCommand.STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int stopped(PrintWriter err) {
        err.println("stopped: the image was not pushed");
        return ExitCode.FAILED;
    }

    /**
     * The lab's own repository: through the engine, which logs in to ECR (or, in practice mode, pushes to
     * the local registry standing in for it) and records the digest, so the next apply deploys it.
     */
    private int pushToTheLab(PrintWriter out, PrintWriter err, LayerProgressPrinter progress) {
        LabStateStore store = options.home != null ? new LabStateStore(options.home) : LabStateStore.fromEnvironment();
        ImageSupport images = new ImageSupport((request, layers, cancelled) -> ServerImage.fromClassPath(workDir())
                .build(request, layers, () -> cancelled.getAsBoolean() || stopRequested.get()), base, options.registry);
        LabListener notes = event -> {
            if (event.kind() == LabEvent.Kind.WARNING || event.kind() == LabEvent.Kind.RESOURCE) {
                progress.note(event.message());
            }
        };
        try (LabEngine engine = LabEngine.connect(LabConfig.named(options.lab), new Connection(options.region,
                options.profile, options.endpoint, null, options.registry), store, notes, images)) {
            if (LabRepository.uri(engine.context().aws(), options.lab).isEmpty()) {
                err.println("error: the lab's ECR repository " + options.lab + " does not exist: create it first:"
                        + " Registry > Create / ./labconsole apply --lab " + options.lab);
                return ExitCode.BAD_INPUT;
            }
            if (engine.context().emulated() && options.registry == null) {
                err.println("error: practice mode has no registry to push to (the emulator has none): pass --registry"
                        + " HOST:PORT of a local docker-registry, or write the image to a file with --tar FILE");
                return ExitCode.BAD_INPUT;
            }
            PushedImage pushed = engine.pushImage(null, p -> progress.layer(p.layer(), p.doneBytes(), p.totalBytes()));
            if (options.json) {
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(pushed));
            } else {
                for (PushedImage.Layer layer : pushed.layers()) {
                    out.println(String.format(Locale.ROOT, "  %-26s %9.1f MB  %s", layer.name(),
                            layer.compressedBytes() / 1e6, layer.uploaded() ? "uploaded" : "already there"));
                }
                out.println(String.format(Locale.ROOT, "%.1f MB compressed, %.1f MB uploaded this time; the next apply"
                        + " deploys it by digest", pushed.compressedBytes() / 1e6, pushed.bytesUploaded() / 1e6));
                out.println("image " + pushed.pushedTo() + " digest " + pushed.digest());
            }
            return ExitCode.OK;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request with its credentials: none for an archive or a registry on this machine, ECR's login for ECR. */
    private ImageRequest request(ImageDestination planned, Path archive, LayerProgressPrinter progress) {
        if (archive != null) {
            return new ImageRequest(base, null, planned);
        }
        String host = to == null ? null : registryOf(to);
        if (host != null && !ECR_HOST.matcher(host).matches()) {
            // A registry on this machine (or any other that needs no login).
            return new ImageRequest(base, null, planned);
        }
        try (AwsClients aws = new Connection(options.region, options.profile, options.endpoint, null).clients()) {
            String reference = to;
            if (reference == null) {
                progress.note("looking up the ECR repository " + options.lab);
                reference = LabRepository.uri(aws, options.lab).map(uri -> uri + ":latest").orElseThrow(() ->
                        new MissingRepository("the lab's ECR repository " + options.lab + " does not exist: create it"
                                + " first: Registry > Create / ./labconsole apply --lab " + options.lab));
            }
            progress.note("logging in to ECR");
            EcrLogin login = EcrLogin.of(aws);
            RegistryCredentials baseLogin = login.host().equals(registryOf(base)) ? login.credentials() : null;
            return new ImageRequest(base, baseLogin, new ImageDestination.Registry(reference, login.credentials()));
        }
    }

    private static String registryOf(String reference) {
        int slash = reference.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String first = reference.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : null;
    }

    private void print(PrintWriter out, BuiltImage image, Path archive) throws RuntimeException {
        if (options.json) {
            try {
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(image));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        long total = 0;
        for (ImageLayer layer : image.layers()) {
            total += layer.compressedBytes();
            out.println(String.format(Locale.ROOT, "  %-26s %9.1f MB  %s  %s", layer.name(), layer.compressedBytes() / 1e6,
                    archive != null ? "written" : layer.uploaded() ? "uploaded" : "already there",
                    ImageStep.shortDigest(layer.digest())));
        }
        if (archive != null) {
            out.println(String.format(Locale.ROOT, "wrote %s (%.1f MB of layers); load it with: podman load -i %s",
                    archive, total / 1e6, archive));
        } else {
            out.println(String.format(Locale.ROOT, "%.1f MB compressed, %.1f MB uploaded this time; a task definition"
                    + " should name %s", total / 1e6, image.bytesUploaded() / 1e6, image.digestReference()));
        }
        out.println("image " + image.reference() + " digest " + image.digest());
    }

    private Path workDir() {
        return options.home != null ? options.home.resolve("image-build")
                : dev.labconsole.runtime.model.DjlSettings.labConsoleHome().resolve("image-build");
    }

    private static void debug(PrintWriter err, Throwable error) {
        String flag = System.getenv("LABCONSOLE_DEBUG");
        if (flag != null && !flag.isBlank()) {
            error.printStackTrace(err);
        }
    }

    /** The lab's repository is not there: nothing was pushed, the student creates it first. */
    private static final class MissingRepository extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingRepository(String message) {
            super(message);
        }
    }
}
