package io.slotstream.push.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotstream.push.relay.History;
import io.slotstream.push.relay.Position;
import io.slotstream.push.relay.StreamFrame;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ResumePlannerTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** A history holding seqs first..last of epoch "e1". */
    static History history(long first, long last) {
        return new History() {
            @Override
            public Position position() {
                return new Position("e1", last);
            }

            @Override
            public List<StreamFrame> readAfter(long afterSeq, int max) {
                List<StreamFrame> frames = new ArrayList<>();
                for (long seq = Math.max(afterSeq + 1, first); seq <= last && frames.size() < max; seq++) {
                    frames.add(new StreamFrame(seq, "{\"seq\":" + seq + "}", 0));
                }
                return frames;
            }
        };
    }

    static JsonNode first(ResumePlanner.Plan plan) {
        return JSON.readTree(plan.first());
    }

    @Test
    void aFreshConnectionIsWelcomedAtTheEndOfTheStream() {
        ResumePlanner.Plan plan = new ResumePlanner(history(1, 40), 10).plan(ResumeRequest.FRESH);

        assertThat(first(plan).get("type").asString()).isEqualTo("welcome");
        assertThat(first(plan).get("seq").asLong()).isEqualTo(40);
        assertThat(first(plan).get("data").get("epoch").asString()).isEqualTo("e1");
        assertThat(plan.missed()).isEmpty();
        assertThat(plan.position()).isEqualTo(40);
    }

    @Test
    void aResumeGetsExactlyTheFramesAfterItsSeqAcrossPages() {
        ResumePlanner.Plan plan = new ResumePlanner(history(1, 40), 7).plan(new ResumeRequest(12L, "e1"));

        assertThat(first(plan).get("type").asString()).isEqualTo("welcome");
        assertThat(first(plan).get("data").get("resumed").asBoolean()).isTrue();
        assertThat(plan.missed()).extracting(StreamFrame::seq).containsExactlyElementsOf(range(13, 40));
        assertThat(plan.position()).isEqualTo(40);
        assertThat(plan.resync()).isFalse();
    }

    @Test
    void aResumeAtTheEndGetsNothingButTheWelcome() {
        ResumePlanner.Plan plan = new ResumePlanner(history(1, 40), 7).plan(new ResumeRequest(40L, "e1"));

        assertThat(plan.missed()).isEmpty();
        assertThat(plan.resync()).isFalse();
        assertThat(plan.position()).isEqualTo(40);
    }

    @Test
    void aSeqOlderThanTheHistoryGetsResync() {
        ResumePlanner.Plan plan = new ResumePlanner(history(20, 40), 7).plan(new ResumeRequest(12L, "e1"));

        assertThat(plan.resync()).isTrue();
        assertThat(first(plan).get("type").asString()).isEqualTo("resync");
        assertThat(first(plan).get("data").get("reason").asString()).isEqualTo("history_trimmed");
        assertThat(first(plan).get("seq").asLong()).isEqualTo(40);
        assertThat(plan.missed()).isEmpty();
    }

    @Test
    void theLastFrameBeforeTheHistoryStillResumes() {
        ResumePlanner.Plan plan = new ResumePlanner(history(20, 40), 7).plan(new ResumeRequest(19L, "e1"));

        assertThat(plan.resync()).isFalse();
        assertThat(plan.missed()).extracting(StreamFrame::seq).containsExactlyElementsOf(range(20, 40));
    }

    @Test
    void anotherEpochOrNoEpochGetsResync() {
        ResumePlanner planner = new ResumePlanner(history(1, 40), 7);

        assertThat(first(planner.plan(new ResumeRequest(12L, "e0"))).get("data").get("reason").asString())
                .isEqualTo("epoch_changed");
        assertThat(planner.plan(new ResumeRequest(12L, null)).resync()).isTrue();
    }

    @Test
    void aSeqTheStreamNeverReachedGetsResync() {
        ResumePlanner.Plan plan = new ResumePlanner(history(1, 40), 7).plan(new ResumeRequest(41L, "e1"));

        assertThat(first(plan).get("data").get("reason").asString()).isEqualTo("unknown_seq");
    }

    @Test
    void theResumeRequestIsReadFromTheQuery() {
        assertThat(ResumeRequest.fromQuery(URI.create("ws://h/ws?lastSeq=17&epoch=abc"))).isEqualTo(new ResumeRequest(17L, "abc"));
        assertThat(ResumeRequest.fromQuery(URI.create("ws://h/ws"))).isEqualTo(ResumeRequest.FRESH);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResumeRequest.fromQuery(URI.create("ws://h/ws?lastSeq=x")))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResumeRequest.fromQuery(URI.create("ws://h/ws?lastSeq=-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyASmallPingIsAnAcceptedClientFrame() {
        assertThat(PushHandler.isPing("{\"type\":\"ping\"}")).isTrue();
        assertThat(PushHandler.isPing("{\"type\":\"subscribe\"}")).isFalse();
        assertThat(PushHandler.isPing("not json")).isFalse();
        assertThat(PushHandler.isPing("[1,2]")).isFalse();
        assertThat(PushHandler.isPing("{\"type\":\"ping\",\"a\":1,\"b\":2}")).isFalse();
    }

    static List<Long> range(long from, long to) {
        List<Long> seqs = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            seqs.add(s);
        }
        return seqs;
    }
}
