package io.slotstream.api.account;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A person who can sign in. {@code passwordHash} is null for accounts that only sign in with a provider;
 * {@code email} is null for an account a provider created without a verified address.
 */
public record Account(
        UUID id,
        String username,
        @Nullable String email,
        boolean emailVerified,
        @Nullable String passwordHash,
        Set<Role> roles,
        Instant createdAt) {

    public boolean hasPassword() {
        return passwordHash != null;
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }
}
