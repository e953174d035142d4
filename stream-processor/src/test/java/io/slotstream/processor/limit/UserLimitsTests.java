package io.slotstream.processor.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slotstream.events.BookingCancelled;
import io.slotstream.events.BookingConfirmed;
import io.slotstream.events.BookingRejected;
import io.slotstream.events.BookingRequested;
import io.slotstream.events.CancellationReason;
import io.slotstream.events.RejectionReason;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The per-user limit rules alone, without Kafka. */
class UserLimitsTests {

    private static final Instant AT = Instant.parse("2030-02-27T10:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2030-03-01");

    private final UserLimits limits = new UserLimits(2);
    private final UUID user = UUID.randomUUID();

    @Test
    void requestsUnderTheLimitAreAdmittedAndCountFromAdmission() {
        BookingRequested first = request(1, 2);
        UserLimits.Outcome admitted = limits.admit(null, first);

        assertThat(admitted.emitted()).contains(first);
        assertThat(admitted.quota().count(1, DAY)).isEqualTo(1);
        assertThat(limits.admit(admitted.quota(), request(1, 2)).emitted()).containsInstanceOf(BookingRequested.class);
    }

    @Test
    void theRequestAtTheLimitIsRejectedAndRememberedSoARedeliveryIsNotAdmittedLater() {
        UserQuota quota = limits.admit(null, request(1, 1)).quota();
        BookingRequested over = request(1, 1);

        UserLimits.Outcome rejected = limits.admit(quota, over);

        assertThat(rejected.emitted()).get().isInstanceOfSatisfying(BookingRejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectionReason.USER_LIMIT));
        UserQuota freed = limits.release(rejected.quota(), cancelled(quota.active().get(0).bookingId()));
        assertThat(limits.admit(freed, over).emitted()).as("settled: not admitted again").isEmpty();
    }

    @Test
    void onlyDecisionsThatEndABookingFreeItsQuota() {
        BookingRequested request = request(1, 1);
        UserQuota quota = limits.admit(null, request).quota();

        assertThat(limits.release(quota, new BookingConfirmed(UUID.randomUUID(), AT, request.slotId(),
                request.bookingId(), user))).isSameAs(quota);
        assertThat(limits.release(quota, cancelled(UUID.randomUUID()))).as("another booking").isSameAs(quota);
        assertThat(limits.release(quota, cancelled(request.bookingId())).active()).isEmpty();
    }

    @Test
    void aRedeliveryOfAnAdmittedRequestIsForwardedAgainWithoutTakingASecondQuota() {
        BookingRequested request = request(1, 2);
        UserQuota quota = limits.admit(null, request).quota();

        UserLimits.Outcome again = limits.admit(quota, request);

        assertThat(again.emitted()).contains(request);
        assertThat(again.quota().active()).hasSize(1);
    }

    @Test
    void bookingsOfDaysLongPastNoLongerCountAndAreForgotten() {
        UserQuota quota = limits.admit(null, request(1, 1)).quota();
        BookingRequested daysLater = new BookingRequested(UUID.randomUUID(), DAY.plusDays(3).atStartOfDay()
                .toInstant(java.time.ZoneOffset.UTC), UUID.randomUUID(), UUID.randomUUID(), user, false, false, 1L,
                DAY.plusDays(4), 1);

        UserLimits.Outcome admitted = limits.admit(quota, daysLater);

        assertThat(admitted.emitted()).contains(daysLater);
        assertThat(admitted.quota().active()).extracting(UserQuota.Active::day).containsExactly(DAY.plusDays(4));
    }

    @Test
    void theSettledIdsAreBounded() {
        UserQuota quota = UserQuota.empty();
        for (int i = 0; i < 5; i++) {
            quota = limits.admit(quota, request(1, 1)).quota();
            quota = limits.release(quota, cancelled(quota.active().get(0).bookingId()));
        }

        assertThat(quota.settled()).hasSize(2);
    }

    @Test
    void aRequestWithoutALimitIsNotTheUserStagesBusiness() {
        assertThatThrownBy(() -> limits.admit(null,
                        new BookingRequested(UUID.randomUUID(), AT, UUID.randomUUID(), UUID.randomUUID(), user)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private BookingRequested request(long category, int limit) {
        return new BookingRequested(UUID.randomUUID(), AT, UUID.randomUUID(), UUID.randomUUID(), user, false, false,
                category, DAY, limit);
    }

    private BookingCancelled cancelled(UUID bookingId) {
        return new BookingCancelled(UUID.randomUUID(), AT, UUID.randomUUID(), bookingId, user,
                CancellationReason.REQUESTED);
    }
}
