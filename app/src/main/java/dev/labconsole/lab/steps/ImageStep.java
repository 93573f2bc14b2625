package dev.labconsole.lab.steps;

import dev.labconsole.aws.AwsErrors;
import dev.labconsole.image.BuiltImage;
import dev.labconsole.image.ImageDestination;
import dev.labconsole.image.ImageException;
import dev.labconsole.image.ImageLayer;
import dev.labconsole.image.ImageProgress;
import dev.labconsole.image.ImageRequest;
import dev.labconsole.image.RegistryCredentials;
import dev.labconsole.lab.EcrLogin;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.LayerProgress;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.PushedImage;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * The service's image in the lab's repository: Lab Console's own model server, built with Jib (no
 * Docker) and pushed with a login from ECR. An image already in the repository is used as it is; the
 * task definition names it by digest. A student's own image ({@code --image}) is used untouched.
 *
 * <p>Practice mode: the emulator has repositories but no registry. With a local registry standing in
 * for ECR ({@code --registry}, or the one the window's Start emulator starts) the image is pushed there
 * and its manifest put into the emulator's repository, so everything after this step sees what it would
 * see on AWS. Without one nothing is built, and the service starts with no tasks.
 */
public final class ImageStep implements Step {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    @Override
    public StepId id() {
        return StepId.IMAGE;
    }

    @Override
    public String cliEquivalent(LabContext context) {
        if (context.config().image() != null) {
            return "# your own image, used as it is: " + context.config().image();
        }
        String lab = context.config().lab();
        String uri = repositoryUri(context).orElse("<account-id>.dkr.ecr." + context.region() + ".amazonaws.com/" + lab);
        String registry = uri.substring(0, uri.indexOf('/'));
        return "./labconsole image push --lab " + lab + " --region " + context.region()
                + "    # builds the model server's image with Jib (no Docker) and pushes it\n"
                + "# the same with Docker, from a folder holding a Dockerfile for the server:\n"
                + "aws ecr get-login-password --region " + context.region()
                + " | docker login --username AWS --password-stdin " + registry + "\n"
                + "docker build --platform linux/amd64 -t " + uri + ":latest .\n"
                + "docker push " + uri + ":latest";
    }

    private static Optional<String> repositoryUri(LabContext context) {
        return context.state().get(ResourceKey.REPOSITORY_URI);
    }

    private static String repositoryName(String repositoryUri) {
        return repositoryUri.substring(repositoryUri.indexOf('/') + 1);
    }

    /** An image found under {@code latest}: its manifest digest and, where known, its size. */
    record Found(String digest, Long bytes) {
    }

    /**
     * The image tagged {@code latest} in the lab's repository, if there is one. In practice mode with a
     * local registry, that registry is asked: it holds the image itself, and the emulator computes its own
     * digest for a manifest put into it (moto re-serialises the JSON), which no registry would serve.
     */
    static Optional<Found> latest(LabContext context) {
        Optional<String> uri = repositoryUri(context);
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        String practiceRegistry = context.images().practiceRegistry();
        if (context.emulated() && practiceRegistry != null) {
            return registryDigest(practiceRegistry, repositoryName(uri.get()), "latest").map(d -> new Found(d, null));
        }
        return inEcr(context, uri.get());
    }

    /** The image tagged {@code latest} in ECR's (or the emulator's) repository at {@code uri}. */
    private static Optional<Found> inEcr(LabContext context, String uri) {
        try {
            return context.aws().ecr().describeImages(r -> r.repositoryName(repositoryName(uri))
                    .imageIds(i -> i.imageTag("latest"))).imageDetails().stream().findFirst()
                    .map(d -> new Found(d.imageDigest(), d.imageSizeInBytes()));
        } catch (ImageNotFoundException | RepositoryNotFoundException e) {
            return Optional.empty();
        }
    }

    private static final String MANIFEST_TYPES = "application/vnd.docker.distribution.manifest.v2+json, "
            + "application/vnd.oci.image.manifest.v1+json";

    /** The digest the registry serves for {@code repository:reference}, or empty when it has none. */
    private static Optional<String> registryDigest(String registry, String repository, String reference) {
        HttpResponse<String> response = getManifest(registry, repository, reference);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the local registry " + registry + " answered " + response.statusCode()
                    + " for " + repository + ":" + reference);
        }
        return response.headers().firstValue("Docker-Content-Digest");
    }

    private static HttpResponse<String> getManifest(String registry, String repository, String reference) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + repository
                        + "/manifests/" + reference))
                .header("Accept", MANIFEST_TYPES).timeout(Duration.ofSeconds(30)).GET().build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the local registry " + registry + " does not answer (" + e.getMessage()
                    + "): Start emulator again, or pass --registry with a running one", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the local registry " + registry, e);
        }
    }

    @Override
    public PlanAction plan(LabContext context) {
        if (context.config().image() != null) {
            return PlanAction.NOTHING;
        }
        Optional<Found> found = latest(context);
        if (found.isEmpty()) {
            return PlanAction.CREATE;
        }
        String reference = repositoryUri(context).orElseThrow() + "@" + found.get().digest();
        return reference.equals(context.state().get(ResourceKey.IMAGE).orElse(null)) ? PlanAction.NOTHING
                : PlanAction.ADOPT;
    }

    @Override
    public void apply(LabContext context) {
        if (context.config().image() != null) {
            context.state().put(ResourceKey.IMAGE, context.config().image());
            context.progress(id(), "using your image " + context.config().image());
            return;
        }
        String uri = context.state().require(ResourceKey.REPOSITORY_URI, StepId.REPOSITORY);
        Optional<Found> found = latest(context);
        if (found.isPresent()) {
            String reference = uri + "@" + found.get().digest();
            String practiceRegistry = context.images().practiceRegistry();
            if (context.emulated() && practiceRegistry != null && inEcr(context, uri).isEmpty()) {
                // The local registry outlives an emulator restart: show its image where AWS would.
                mirrorIntoEmulator(context, practiceRegistry, repositoryName(uri), found.get().digest());
            }
            if (!reference.equals(context.state().get(ResourceKey.IMAGE).orElse(null))) {
                context.resource(id(), "found " + uri + ":latest (" + shortDigest(found.get().digest())
                        + ") already in the repository");
            }
            context.state().put(ResourceKey.IMAGE, reference);
            return;
        }
        if (context.emulated() && context.images().practiceRegistry() == null) {
            context.state().remove(ResourceKey.IMAGE);
            context.warn(id(), "practice mode without a local registry: the image is not built, so the service gets"
                    + " no tasks. Install Debian's docker-registry and Start emulator again (or pass --registry"
                    + " HOST:PORT), or write the image to a file with ./labconsole image push --tar FILE");
            return;
        }
        push(context, null, progress -> { });
    }

    /**
     * Builds the image and pushes it to the lab's repository (in practice mode: the local registry), or
     * writes it to {@code archive} when practice mode has no registry; records the digest.
     *
     * @param archive where to write the image when there is no registry to push to, or null to refuse
     * @param layers typed progress per layer, called from the build's threads
     */
    public PushedImage push(LabContext context, Path archive, Consumer<LayerProgress> layers) {
        String uri = repositoryUri(context).orElseGet(() -> {
            // Pushing on its own (the Registry page's button): the repository may exist without a run of its step.
            String found = new RepositoryStep().find(context).map(r -> r.repositoryUri()).orElseThrow(() ->
                    new ImageException(ImageException.Kind.BAD_INPUT, "there is no repository "
                            + context.config().lab() + " to push to: create it first (Registry > Create, or"
                            + " ./labconsole apply)", null));
            context.state().put(ResourceKey.REPOSITORY_URI, found);
            return found;
        });
        String repository = repositoryName(uri);
        String practiceRegistry = context.images().practiceRegistry();
        ImageDestination destination;
        RegistryCredentials baseLogin = null;
        if (!context.emulated()) {
            context.progress(id(), "logging in to " + uri.substring(0, uri.indexOf('/')));
            EcrLogin login = EcrLogin.of(context.aws());
            destination = new ImageDestination.Registry(uri + ":latest", login.credentials());
            // A base kept in the same account's ECR needs the same login to be pulled.
            if (context.images().baseImage().startsWith(login.host() + "/")) {
                baseLogin = login.credentials();
            }
        } else if (practiceRegistry != null) {
            destination = new ImageDestination.Registry(practiceRegistry + "/" + repository + ":latest", null);
        } else if (archive != null) {
            destination = new ImageDestination.Archive(archive, uri + ":latest");
        } else {
            throw new ImageException(ImageException.Kind.BAD_INPUT, "practice mode has no registry to push to:"
                    + " start a local one (docker-registry) or write the image to a file", null);
        }
        context.progress(id(), "building the model server's image on " + context.images().baseImage()
                + (destination instanceof ImageDestination.Archive ? " into " + archive
                        : " and pushing it to " + destination.reference()));
        BuiltImage built = context.images().publisher().publish(
                new ImageRequest(context.images().baseImage(), baseLogin, destination),
                new Reporter(context, layers), context::cancelled);
        context.checkCancelled();
        String reference = uri + "@" + built.digest();
        boolean written = destination instanceof ImageDestination.Archive;
        if (context.emulated() && !written) {
            mirrorIntoEmulator(context, practiceRegistry, repository, built.digest());
        }
        if (!written) {
            context.state().put(ResourceKey.IMAGE, reference);
        }
        long total = built.layers().stream().mapToLong(ImageLayer::compressedBytes).sum();
        context.resource(id(), (written ? "wrote " + archive + " (" + LayerProgress.megabytes(total) + ")"
                : "pushed " + destination.reference() + " (" + shortDigest(built.digest()) + "): "
                        + LayerProgress.megabytes(built.bytesUploaded()) + " uploaded of " + LayerProgress.megabytes(total))
                + (context.emulated() && !written ? "; the local registry " + practiceRegistry
                        + " stands in for ECR" : ""));
        return new PushedImage(reference, written ? null : destination.reference(), written ? archive : null,
                built.digest(), built.layers().stream()
                        .map(l -> new PushedImage.Layer(l.name(), l.compressedBytes(), l.uploaded())).toList(),
                built.bytesUploaded());
    }

    /**
     * Puts the pushed manifest into the emulator's repository under {@code latest}, as a push to ECR
     * would: later steps and checks then find the image where they look on AWS.
     */
    private static void mirrorIntoEmulator(LabContext context, String registry, String repository, String digest) {
        HttpResponse<String> response = getManifest(registry, repository, digest);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the local registry " + registry + " answered " + response.statusCode()
                    + " for the manifest just pushed");
        }
        String mediaType = response.headers().firstValue("Content-Type").orElse(null);
        try {
            context.aws().ecr().putImage(r -> r.repositoryName(repository).imageTag("latest")
                    .imageManifest(response.body()).imageManifestMediaType(mediaType));
        } catch (RuntimeException e) {
            if (!AwsErrors.hasCode(e, "ImageAlreadyExistsException")) {
                throw AwsErrors.explain("recording the image in the emulator's repository", e);
            }
        }
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        if (context.config().image() != null) {
            return List.of(Requirement.met(id(), "the service's image is chosen", context.config().image()
                    + " (your own image: not looked up, it may live in any registry)"));
        }
        String text = "an image is in the repository";
        if (repositoryUri(context).isEmpty()) {
            return List.of(Requirement.unmet(id(), text, "no repository yet: create it first (Registry > Create)"));
        }
        Optional<Found> found = latest(context);
        if (found.isPresent()) {
            return List.of(Requirement.met(id(), text, repositoryUri(context).get() + ":latest ("
                    + shortDigest(found.get().digest()) + (found.get().bytes() == null ? ""
                            : ", " + LayerProgress.megabytes(found.get().bytes())) + ")"));
        }
        return List.of(Requirement.unmet(id(), text, "nothing tagged latest in " + repositoryUri(context).get()
                + (context.emulated() && context.images().practiceRegistry() == null
                        ? ": practice mode needs a local registry to push to (install docker-registry and Start emulator"
                                + " again); the service has no tasks until then"
                        : ": Registry > Build and push, or ./labconsole image push --lab " + context.config().lab())));
    }

    @Override
    public void destroy(LabContext context) {
        // On AWS images go with the repository (deleted with force); nothing of their own bills. The local
        // registry standing in for ECR keeps them unless asked, and a later apply would take a deleted lab's
        // image for a pushed one.
        String practiceRegistry = context.images().practiceRegistry();
        Optional<String> uri = repositoryUri(context);
        if (context.emulated() && practiceRegistry != null && uri.isPresent()) {
            String repository = repositoryName(uri.get());
            registryDigest(practiceRegistry, repository, "latest").ifPresent(digest -> {
                HttpRequest delete = HttpRequest.newBuilder(URI.create("http://" + practiceRegistry + "/v2/" + repository
                        + "/manifests/" + digest)).timeout(Duration.ofSeconds(30)).DELETE().build();
                try {
                    int status = HttpClient.newHttpClient().send(delete, HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    if (status == 202 || status == 404) {
                        context.resource(id(), "deleted " + practiceRegistry + "/" + repository + ":latest");
                    } else {
                        context.warn(id(), "the local registry " + practiceRegistry + " kept " + repository
                                + ":latest (it answered " + status + "; its deletes may be off)");
                    }
                } catch (IOException e) {
                    context.warn(id(), "the local registry " + practiceRegistry + " did not answer: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        context.state().remove(ResourceKey.IMAGE);
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return List.of();
    }

    /** The first 12 hex digits of a digest, with its algorithm: enough to tell images apart in a line. */
    public static String shortDigest(String digest) {
        return digest == null ? "?" : digest.length() > 19 ? digest.substring(0, 19) : digest;
    }


    /**
     * Passes typed progress on at once and turns it into at most one event per second per layer, so a
     * 100 MB layer does not flood the command line or the window.
     */
    private final class Reporter implements ImageProgress {
        private final LabContext context;
        private final Consumer<LayerProgress> layers;
        private final Map<String, Long> lastEventNanos = new ConcurrentHashMap<>();

        Reporter(LabContext context, Consumer<LayerProgress> layers) {
            this.context = context;
            this.layers = layers;
        }

        @Override
        public void layer(String layer, long doneBytes, long totalBytes) {
            layers.accept(new LayerProgress(layer, doneBytes, totalBytes));
            long now = System.nanoTime();
            Long last = lastEventNanos.get(layer);
            boolean finished = totalBytes > 0 && doneBytes >= totalBytes;
            if (finished || last == null || now - last >= PROGRESS_EVERY.toNanos()) {
                lastEventNanos.put(layer, now);
                context.progress(id(), layer + ": " + LayerProgress.megabytes(doneBytes) + " of " + LayerProgress.megabytes(totalBytes));
            }
        }

        @Override
        public void note(String message) {
            context.progress(id(), message);
        }
    }
}
