package dev.labconsole.lab;

import dev.labconsole.aws.AwsClients;
import dev.labconsole.aws.AwsErrors;
import java.util.Optional;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** The lab's ECR repository (named after the lab), where the server image is pushed. */
public final class LabRepository {

    private LabRepository() {
    }

    /**
     * The repository's URI ({@code <account>.dkr.ecr.<region>.amazonaws.com/<lab>}) when it exists;
     * other AWS errors come back explained.
     */
    public static Optional<String> uri(AwsClients aws, String lab) {
        try {
            return aws.ecr().describeRepositories(r -> r.repositoryNames(lab)).repositories().stream()
                    .findFirst().map(repository -> repository.repositoryUri());
        } catch (RepositoryNotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw AwsErrors.explain("looking up the ECR repository " + lab + " (DescribeRepositories)", e);
        }
    }
}
