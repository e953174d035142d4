package io.slotstream.api.account;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Loads an account for password sign-in by username or email. The resulting principal is named by account id
 * (see {@link SignedInUser}); accounts without a password cannot sign in with one.
 */
@Service
class AccountUserDetailsService implements UserDetailsService {

    private final AccountRepository accounts;

    AccountUserDetailsService(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String login) {
        Account account = accounts.findByLogin(login)
                .filter(a -> a.passwordHash() != null)
                .orElseThrow(() -> new UsernameNotFoundException("no account with a password for that login"));
        return User.withUsername(account.id().toString())
                .password(account.passwordHash())
                .authorities(account.roles().stream().map(Role::authority).toArray(String[]::new))
                .build();
    }
}
