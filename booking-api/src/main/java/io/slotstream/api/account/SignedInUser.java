package io.slotstream.api.account;

import java.util.UUID;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * The caller of a request, read from Spring Security's authentication. The principal's name is the account id,
 * so the session stored in Redis names the user by id alone and push-service can read it without this module.
 */
public record SignedInUser(UUID id, boolean admin) {

    public static SignedInUser of(Authentication authentication) {
        if (authentication == null
                || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            throw new IllegalStateException("no signed-in user");
        }
        boolean admin = authentication.getAuthorities().stream()
                .anyMatch(a -> Role.ADMIN.authority().equals(a.getAuthority()));
        return new SignedInUser(UUID.fromString(authentication.getName()), admin);
    }
}
