-- Issue 9: holds, waitlists, per-user limits, booking history and calendar feeds.

-- Bookings gain three statuses. Rows are never deleted: an expired hold stays as EXPIRED, a cancelled booking
-- as CANCELLED, so the history and the calendar feeds can show them.
alter table bookings drop constraint bookings_status_check;
alter table bookings add constraint bookings_status_check
    check (status in ('PENDING', 'HELD', 'WAITLISTED', 'CONFIRMED', 'REJECTED', 'CANCELLED', 'EXPIRED'));
alter table bookings add column hold_expires_at timestamptz;
alter table bookings add column waitlist_position integer check (waitlist_position >= 1);
alter table bookings add column confirm_requested_at timestamptz;
alter table bookings add column expired_at timestamptz;
-- what the request asked for, kept so that a history rebuilt later says the same
alter table bookings add column requested_hold boolean not null default false;
alter table bookings add column requested_waitlist boolean not null default false;
alter table bookings add column requested_daily_limit integer;
-- who asked to cancel (the owner or an admin), for the history
alter table bookings add column cancel_requested_by uuid references users (id);

-- one live request per person and slot now also counts holds and places in the waitlist
drop index bookings_one_active_per_user_and_slot;
create unique index bookings_one_active_per_user_and_slot on bookings (slot_id, user_id)
    where status in ('PENDING', 'HELD', 'WAITLISTED', 'CONFIRMED');

-- Second line of defence for any capacity: time_slots.taken counts the slot's HELD and CONFIRMED bookings and may
-- never pass the capacity. The trigger keeps it in step with every status change, in the same transaction, so a
-- decision that would put one booking too many into a slot fails and the pipeline's bug surfaces.
alter table time_slots add column taken integer not null default 0;
update time_slots s set taken = (select count(*) from bookings b where b.slot_id = s.id and b.status = 'CONFIRMED');
alter table time_slots add constraint time_slots_taken_within_capacity check (taken between 0 and capacity);

create function bookings_count_taken() returns trigger language plpgsql as $$
declare
    was_taking boolean := tg_op = 'UPDATE' and old.status in ('HELD', 'CONFIRMED');
    is_taking  boolean := new.status in ('HELD', 'CONFIRMED');
begin
    if is_taking and not was_taking then
        update time_slots set taken = taken + 1 where id = new.slot_id;
    elsif was_taking and not is_taking then
        update time_slots set taken = taken - 1 where id = new.slot_id;
    end if;
    return new;
end;
$$;

create trigger bookings_count_taken after insert or update of status on bookings
    for each row execute function bookings_count_taken();

-- an admin-set maximum of active bookings per user, per category and day; null for no limit
alter table categories add column daily_limit_per_user integer check (daily_limit_per_user between 1 and 1000);

-- What happened to each booking, who did it and when. A row caused by an event carries that event's id, so
-- writing the same event twice (a redelivery, a rebuild from booking-events) adds nothing.
create table booking_history (
    id         bigint generated always as identity primary key,
    booking_id uuid        not null references bookings (id),
    what       varchar(30) not null,
    actor      varchar(10) not null check (actor in ('USER', 'ADMIN', 'SYSTEM')),
    actor_id   uuid references users (id),
    at         timestamptz not null,
    reason     varchar(300),
    event_id   uuid        not null unique,
    recorded_at timestamptz not null default now()
);
create index booking_history_by_booking on booking_history (booking_id, at, id);

-- Private calendar feed URLs. Only the SHA-256 of the token is stored: a database dump reveals no feed.
-- A feed belongs to one user (their bookings) or to one category (an admin feed of its bookings).
create table calendar_feeds (
    id          uuid primary key,
    token_hash  bytea       not null unique,
    user_id     uuid references users (id),
    category_id bigint references categories (id),
    created_by  uuid        not null references users (id),
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz,
    check ((user_id is null) <> (category_id is null))
);
-- at most one live feed per owner: creating a new one revokes the old one first
create unique index calendar_feeds_one_live_per_user on calendar_feeds (user_id) where revoked_at is null and user_id is not null;
create unique index calendar_feeds_one_live_per_category on calendar_feeds (category_id)
    where revoked_at is null and category_id is not null;
