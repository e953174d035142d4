package io.slotstream.api.account;

import io.slotstream.api.system.ApiProblem;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates accounts. Passwords are stored only as hashes from the delegating encoder. */
@Service
public class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    private final AccountRepository accounts;
    private final PasswordEncoder passwordEncoder;

    AccountService(AccountRepository accounts, PasswordEncoder passwordEncoder) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
    }

    /**
     * A password account. Its email counts as verified only when the caller says so (the configured first admin);
     * nobody has proved owning the address of a self-registered account, so a provider sign-in never joins it.
     */
    @Transactional
    public Account register(String username, String email, String password, Set<Role> roles, boolean emailVerified) {
        PasswordRules.check(username, password);
        if (accounts.usernameExists(username)) {
            throw taken("username", "That username is taken; please choose another.");
        }
        if (accounts.emailExists(email)) {
            throw taken("email", "An account with that email already exists; sign in instead.");
        }
        Account account = new Account(
                UUID.randomUUID(), username, email, emailVerified, passwordEncoder.encode(password), roles, Instant.now());
        try {
            accounts.insert(account);
        } catch (DuplicateKeyException raced) {
            throw taken("account", "That username or email was registered a moment ago; please choose another.");
        }
        log.info("Account registered: userId={} roles={}", account.id(), roles);
        return account;
    }

    private static ApiProblem taken(String what, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, what + "-taken", "Already registered", detail);
    }
}
