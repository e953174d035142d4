package io.slotstream.api.account;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Account settings.
 *
 * @param admin the first administrator, created at start-up when no account has its username; leave the password
 *     empty to create none
 */
@ConfigurationProperties("slotstream.accounts")
public record AccountProperties(@Nullable FirstAdmin admin) {

    /**
     * @param username defaults to {@code admin}
     * @param email defaults to {@code admin@slotstream.local}
     * @param password no default: without one, no admin is created
     * @param emailVerified whether the operator vouches for the email (default false); only a verified email lets a
     *     provider sign-in with the same verified address join this account
     */
    public record FirstAdmin(
            @Nullable String username, @Nullable String email, @Nullable String password, boolean emailVerified) {}
}
