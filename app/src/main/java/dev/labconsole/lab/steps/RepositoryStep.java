package dev.labconsole.lab.steps;

import dev.labconsole.aws.AwsErrors;
import dev.labconsole.lab.LabContext;
import dev.labconsole.lab.LabResource;
import dev.labconsole.lab.LabState;
import dev.labconsole.lab.PlanAction;
import dev.labconsole.lab.Requirement;
import dev.labconsole.lab.ResourceKey;
import dev.labconsole.lab.Step;
import dev.labconsole.lab.StepId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;

/**
 * The lab's ECR repository {@code <lab>}: mutable tags, AES-256 encryption, scan on push, tagged with
 * the lab. Publishes the docker commands that push the student's image to it.
 */
public final class RepositoryStep implements Step {

    @Override
    public StepId id() {
        return StepId.REPOSITORY;
    }

    String name(LabContext context) {
        return context.config().lab();
    }

    @Override
    public String cliEquivalent(LabContext context) {
        return "aws ecr create-repository --repository-name " + name(context) + " --region " + context.region()
                + " --image-tag-mutability MUTABLE --image-scanning-configuration scanOnPush=true"
                + " --encryption-configuration encryptionType=AES256 --tags Key=Name,Value=" + name(context)
                + " Key=" + LabContext.LAB_TAG + ",Value=" + context.config().lab();
    }

    @Override
    public PlanAction plan(LabContext context) {
        Optional<Repository> found = find(context);
        if (found.isEmpty()) {
            return PlanAction.CREATE;
        }
        return found.get().repositoryUri().equals(context.state().get(ResourceKey.REPOSITORY_URI).orElse(null))
                ? PlanAction.NOTHING : PlanAction.ADOPT;
    }

    /** The repository named {@code <lab>}, if it exists. */
    Optional<Repository> find(LabContext context) {
        // A repository the student made and apply adopted is used whatever its name.
        String name = context.state().origin(ResourceKey.REPOSITORY_URI).filter(o -> o == LabState.Origin.ADOPTED)
                .flatMap(o -> context.state().get(ResourceKey.REPOSITORY_URI))
                .map(uri -> uri.substring(uri.indexOf('/') + 1)).orElse(name(context));
        try {
            return context.aws().ecr().describeRepositories(r -> r.repositoryNames(name)).repositories()
                    .stream().findFirst();
        } catch (RepositoryNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void apply(LabContext context) {
        Optional<Repository> found = find(context);
        Repository repository;
        if (found.isPresent()) {
            repository = found.get();
            if (!repository.repositoryUri().equals(context.state().get(ResourceKey.REPOSITORY_URI).orElse(null))) {
                context.resource(id(), "adopted repository " + repository.repositoryUri());
            }
        } else {
            repository = create(context);
        }
        if (found.isPresent() && !context.config().lab().equals(labTag(context, repository))) {
            // The student's own repository: recorded as adopted and left untagged, so teardown keeps it
            // unless the student confirms it.
            context.state().adopt(ResourceKey.REPOSITORY_URI, repository.repositoryUri());
        } else {
            context.state().put(ResourceKey.REPOSITORY_URI, repository.repositoryUri());
        }
        String account = repository.registryId();
        if (account != null && context.state().get(ResourceKey.ACCOUNT_ID).isEmpty()) {
            context.state().put(ResourceKey.ACCOUNT_ID, account);
        }
        context.checkCancelled();
        // Settings of an adopted repository may differ: scanning can be changed in place.
        if (repository.imageScanningConfiguration() == null
                || !Boolean.TRUE.equals(repository.imageScanningConfiguration().scanOnPush())) {
            context.aws().ecr().putImageScanningConfiguration(r -> r.repositoryName(repository.repositoryName())
                    .imageScanningConfiguration(c -> c.scanOnPush(true)));
        }
    }

    private List<Tag> tags(LabContext context) {
        return context.tags(name(context)).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static String labTag(LabContext context, Repository repository) {
        return context.aws().ecr().listTagsForResource(r -> r.resourceArn(repository.repositoryArn())).tags().stream()
                .filter(t -> LabContext.LAB_TAG.equals(t.key())).map(Tag::value).findFirst().orElse(null);
    }

    private Repository create(LabContext context) {
        List<Tag> tags = tags(context);
        try {
            Repository created = context.aws().ecr().createRepository(r -> r.repositoryName(name(context))
                    .imageTagMutability(ImageTagMutability.MUTABLE)
                    .imageScanningConfiguration(c -> c.scanOnPush(true))
                    .encryptionConfiguration(c -> c.encryptionType(EncryptionType.AES256))
                    .tags(tags)).repository();
            context.resource(id(), "created repository " + created.repositoryUri());
            return created;
        } catch (RepositoryAlreadyExistsException e) {
            // Created concurrently or by a run that stopped before describing it.
            return find(context).orElseThrow(() -> AwsErrors.explain("creating the repository " + name(context), e));
        } catch (RuntimeException e) {
            throw AwsErrors.explain("creating the repository " + name(context), e);
        }
    }

    @Override
    public List<Requirement> verify(LabContext context) {
        List<Requirement> result = new ArrayList<>();
        Optional<Repository> found = find(context);
        String text = "ECR repository " + name(context) + " exists";
        if (found.isEmpty()) {
            result.add(Requirement.unmet(id(), text, "no such repository: create it (Registry > Create) or "
                    + "aws ecr create-repository --repository-name " + name(context)));
            return result;
        }
        Repository repository = found.get();
        context.state().put(ResourceKey.REPOSITORY_URI, repository.repositoryUri());
        result.add(Requirement.met(id(), text, repository.repositoryUri()));
        boolean scan = repository.imageScanningConfiguration() != null
                && Boolean.TRUE.equals(repository.imageScanningConfiguration().scanOnPush());
        result.add(Requirement.check(id(), "repository scans images on push", scan, scan ? "on"
                : "off: aws ecr put-image-scanning-configuration --repository-name " + name(context)
                        + " --image-scanning-configuration scanOnPush=true"));
        String encryption = repository.encryptionConfiguration() == null ? null
                : repository.encryptionConfiguration().encryptionTypeAsString();
        boolean aes = EncryptionType.AES256.toString().equals(encryption);
        result.add(Requirement.check(id(), "repository is encrypted with AES-256", aes, aes ? "AES256"
                : encryption + ": encryption is set at creation; delete and create the repository again"));
        return result;
    }

    @Override
    public void destroy(LabContext context) {
        Optional<Repository> found = find(context);
        if (found.isEmpty()) {
            context.state().remove(ResourceKey.REPOSITORY_URI);
            return;
        }
        boolean recorded = found.get().repositoryUri().equals(context.state().get(ResourceKey.REPOSITORY_URI)
                .orElse(null));
        // Only the recorded or lab-tagged repository: a same-named one of the student's holds their images.
        if (!recorded && !context.config().lab().equals(labTag(context, found.get()))) {
            context.warn(id(), "left repository " + name(context) + " alone: it is neither recorded nor tagged "
                    + LabContext.LAB_TAG + "=" + context.config().lab());
            return;
        }
        try {
            // force: the repository holds the student's images, which go with it.
            context.aws().ecr().deleteRepository(r -> r.repositoryName(found.get().repositoryName()).force(true));
        } catch (RepositoryNotFoundException e) {
            // Deleted meanwhile: that is the goal.
        }
        if (find(context).isPresent()) {
            throw AwsErrors.explain("deleting the repository " + name(context),
                    new IllegalStateException("the repository still exists after deleting it"));
        }
        context.state().remove(ResourceKey.REPOSITORY_URI);
        context.resource(id(), "deleted repository " + found.get().repositoryUri());
    }

    @Override
    public List<LabResource> inventory(LabContext context) {
        return find(context).stream().map(r -> new LabResource(id(), "ECR repository", r.repositoryName(),
                r.repositoryArn(), "exists", 0)).toList();
    }
}
