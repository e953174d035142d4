package io.slotstream.api.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Accounts in PostgreSQL. Usernames and emails are matched without regard to case. */
@Repository
public class AccountRepository {

    private final JdbcClient jdbc;

    AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Account> findById(UUID id) {
        return jdbc.sql("select * from users where id = :id").param("id", id).query(AccountRepository::map).optional();
    }

    /** Finds an account by its username or its email, whichever the person typed. */
    public Optional<Account> findByLogin(String login) {
        return jdbc.sql("select * from users where lower(username) = lower(:login) or lower(email) = lower(:login) limit 1")
                .param("login", login)
                .query(AccountRepository::map)
                .optional();
    }

    public boolean usernameExists(String username) {
        return jdbc.sql("select exists(select 1 from users where lower(username) = lower(:u))")
                .param("u", username)
                .query(Boolean.class)
                .single();
    }

    public boolean emailExists(String email) {
        return jdbc.sql("select exists(select 1 from users where lower(email) = lower(:e))")
                .param("e", email)
                .query(Boolean.class)
                .single();
    }

    public void insert(Account account) {
        jdbc.sql("""
                insert into users (id, username, email, email_verified, password_hash, roles, created_at)
                values (:id, :username, :email, :verified, :hash, :roles, :createdAt)
                """)
                .param("id", account.id())
                .param("username", account.username())
                .param("email", account.email())
                .param("verified", account.emailVerified())
                .param("hash", account.passwordHash())
                .param("roles", account.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",")))
                .param("createdAt", java.sql.Timestamp.from(account.createdAt()))
                .update();
    }

    /** Reads and locks the account row, so that concurrent link changes of one account run one after another. */
    public Optional<Account> lock(UUID id) {
        return jdbc.sql("select * from users where id = :id for update").param("id", id).query(AccountRepository::map).optional();
    }

    public Optional<Account> findByEmail(String email) {
        return jdbc.sql("select * from users where lower(email) = lower(:e)").param("e", email).query(AccountRepository::map).optional();
    }

    public Optional<UUID> ownerOfIdentity(String provider, String subject) {
        return jdbc.sql("select user_id from external_identities where provider = :p and subject = :s")
                .param("p", provider)
                .param("s", subject)
                .query(UUID.class)
                .optional();
    }

    /** The providers linked to an account, in the order they were linked. */
    public List<String> providersOf(UUID userId) {
        return jdbc.sql("select provider from external_identities where user_id = :u order by created_at, provider")
                .param("u", userId)
                .query(String.class)
                .list();
    }

    public void insertIdentity(String provider, String subject, UUID userId, @Nullable String email) {
        jdbc.sql("insert into external_identities (provider, subject, user_id, email) values (:p, :s, :u, :e)")
                .param("p", provider)
                .param("s", subject)
                .param("u", userId)
                .param("e", email)
                .update();
    }

    public boolean deleteIdentity(UUID userId, String provider) {
        return jdbc.sql("delete from external_identities where user_id = :u and provider = :p")
                .param("u", userId)
                .param("p", provider)
                .update() > 0;
    }

    static Account map(ResultSet rs, int row) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(rs.getString("roles").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Role::valueOf)
                .forEach(roles::add);
        return new Account(
                rs.getObject("id", UUID.class),
                rs.getString("username"),
                rs.getString("email"),
                rs.getBoolean("email_verified"),
                rs.getString("password_hash"),
                Set.copyOf(roles),
                rs.getTimestamp("created_at").toInstant());
    }
}
