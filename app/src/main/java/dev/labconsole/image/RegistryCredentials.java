package dev.labconsole.image;

/**
 * A user name and password for a registry (ECR's come from {@code GetAuthorizationToken}: user
 * {@code AWS}, a 12-hour token). Held in memory only; {@link #toString} hides them.
 */
public record RegistryCredentials(String username, String password) {
    @Override
    public String toString() {
        return "RegistryCredentials[hidden]";
    }
}
