-- Sign-in with Google and GitHub. An external identity is the provider's stable subject id; emails change hands
-- and are never the key. One identity belongs to one account; an account holds at most one per provider.
create table external_identities (
    provider   varchar(20)  not null,
    subject    varchar(255) not null,
    user_id    uuid         not null references users (id) on delete cascade,
    email      varchar(254),
    created_at timestamptz  not null default now(),
    primary key (provider, subject),
    unique (user_id, provider)
);

-- An account created by a provider whose email was not verified holds no email: an unverified address must not
-- keep its real owner from registering.
alter table users alter column email drop not null;
