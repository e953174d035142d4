package io.slotstream.api.account;

import io.slotstream.api.system.ApiProblem;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns a provider's identity into an account: the account that already holds it; the signed-in account that
 * asked to link it; an existing account with the same email only when the provider and that account both have it
 * verified; otherwise a new account, unless another account holds that email, in which case the person must sign
 * in to that account and link the provider from there.
 */
@Service
class OAuthAccounts {

    private static final Logger log = LoggerFactory.getLogger(OAuthAccounts.class);

    private final AccountRepository accounts;

    OAuthAccounts(AccountRepository accounts) {
        this.accounts = accounts;
    }

    /** What a provider sign-in came to. */
    sealed interface Outcome {
        /** Signed in to {@code account}; {@code how} says whether the identity was known, linked, or new. */
        record SignedIn(Account account, How how) implements Outcome {}

        /** Not signed in; {@code reason} goes to the app as {@code authError}. */
        record Refused(String reason) implements Outcome {}
    }

    enum How {
        KNOWN,
        LINKED,
        JOINED_BY_VERIFIED_EMAIL,
        CREATED
    }

    @Transactional
    Outcome signIn(ExternalIdentity identity, @Nullable UUID linkingUser) {
        try {
            return decide(identity, linkingUser);
        } catch (DuplicateKeyException raced) {
            // two sign-ins of the same identity, or a registration of the same email, at the same moment
            log.info("Provider sign-in raced another write: {}", raced.getMostSpecificCause().getMessage());
            return new Outcome.Refused("try-again");
        }
    }

    private Outcome decide(ExternalIdentity identity, @Nullable UUID linkingUser) {
        Optional<UUID> owner = accounts.ownerOfIdentity(identity.provider(), identity.subject());
        if (linkingUser != null) {
            if (owner.isPresent()) {
                return owner.get().equals(linkingUser)
                        ? signedIn(linkingUser, How.KNOWN)
                        : new Outcome.Refused("identity-linked-to-another-account");
            }
            Optional<Account> account = accounts.lock(linkingUser);
            if (account.isEmpty()) {
                return new Outcome.Refused("account-not-found");
            }
            if (accounts.providersOf(linkingUser).contains(identity.provider())) {
                return new Outcome.Refused("provider-already-linked");
            }
            accounts.insertIdentity(identity.provider(), identity.subject(), linkingUser, identity.email());
            log.info("Provider linked: userId={} provider={}", linkingUser, identity.provider());
            return new Outcome.SignedIn(account.get(), How.LINKED);
        }
        if (owner.isPresent()) {
            return signedIn(owner.get(), How.KNOWN);
        }
        String email = identity.email();
        if (email != null) {
            Optional<Account> sameEmail = accounts.findByEmail(email);
            if (sameEmail.isPresent()) {
                Account existing = sameEmail.get();
                boolean bothVerified = identity.emailVerified() && existing.emailVerified();
                if (!bothVerified || accounts.providersOf(existing.id()).contains(identity.provider())) {
                    log.info("Provider sign-in not joined to an account with the same email: provider={} providerVerified={} accountVerified={}",
                            identity.provider(), identity.emailVerified(), existing.emailVerified());
                    return new Outcome.Refused("link-required");
                }
                accounts.lock(existing.id());
                accounts.insertIdentity(identity.provider(), identity.subject(), existing.id(), email);
                log.info("Provider joined by verified email: userId={} provider={}", existing.id(), identity.provider());
                return new Outcome.SignedIn(existing, How.JOINED_BY_VERIFIED_EMAIL);
            }
        }
        // an unverified address is not stored: it would keep its real owner from registering
        String verifiedEmail = identity.emailVerified() ? email : null;
        Account created = new Account(
                UUID.randomUUID(), freeUsername(identity.preferredName()), verifiedEmail, verifiedEmail != null, null,
                EnumSet.of(Role.USER), Instant.now());
        accounts.insert(created);
        accounts.insertIdentity(identity.provider(), identity.subject(), created.id(), email);
        log.info("Account created by provider sign-in: userId={} provider={}", created.id(), identity.provider());
        return new Outcome.SignedIn(created, How.CREATED);
    }

    /** Removes a provider from an account, unless it is the account's last way to sign in. */
    @Transactional
    void unlink(UUID userId, String provider) {
        Account account = accounts.lock(userId)
                .orElseThrow(() -> ApiProblem.notFound("account-not-found", "Account not found", "This account no longer exists."));
        List<String> providers = accounts.providersOf(userId);
        if (!providers.contains(provider)) {
            throw ApiProblem.notFound("provider-not-linked", "Provider not linked", "This account is not linked to " + provider + ".");
        }
        if (!account.hasPassword() && providers.size() == 1) {
            throw new ApiProblem(HttpStatus.CONFLICT, "last-sign-in-method", "Last way to sign in",
                    "This is the only way to sign in to this account; link another provider first.");
        }
        accounts.deleteIdentity(userId, provider);
        log.info("Provider unlinked: userId={} provider={}", userId, provider);
    }

    private Outcome signedIn(UUID userId, How how) {
        return accounts.findById(userId)
                .<Outcome>map(account -> new Outcome.SignedIn(account, how))
                .orElseGet(() -> new Outcome.Refused("account-not-found"));
    }

    /** A username from the provider's name, made unique with a short random suffix when taken. */
    private String freeUsername(String preferred) {
        String base = preferred.replaceAll("[^A-Za-z0-9._-]", "");
        if (base.length() > 30) {
            base = base.substring(0, 30);
        }
        if (base.length() < 3) {
            base = "user" + base;
        }
        String candidate = base;
        while (accounts.usernameExists(candidate)) {
            candidate = base + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
        }
        return candidate;
    }
}
