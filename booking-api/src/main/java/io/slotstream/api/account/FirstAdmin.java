package io.slotstream.api.account;

import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/** Creates the first administrator from configuration, once: an existing account of that name is left alone. */
@Component
class FirstAdmin {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final AccountProperties properties;
    private final AccountRepository accounts;
    private final AccountService service;

    FirstAdmin(AccountProperties properties, AccountRepository accounts, AccountService service) {
        this.properties = properties;
        this.accounts = accounts;
        this.service = service;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createWhenMissing() {
        AccountProperties.FirstAdmin admin = properties.admin();
        if (admin == null || admin.password() == null || admin.password().isBlank()) {
            log.info("No first admin configured (slotstream.accounts.admin.password is empty)");
            return;
        }
        String username = admin.username() == null ? "admin" : admin.username();
        String email = admin.email() == null ? "admin@slotstream.local" : admin.email();
        if (accounts.usernameExists(username)) {
            return;
        }
        try {
            service.register(username, email, admin.password(), EnumSet.of(Role.USER, Role.ADMIN), admin.emailVerified());
            log.info("First admin '{}' created", username);
        } catch (DuplicateKeyException raced) {
            log.info("First admin '{}' already exists", username);
        } catch (io.slotstream.api.system.ApiProblem refused) {
            log.error("First admin '{}' not created: {}", username, refused.getBody().getDetail());
        }
    }
}
