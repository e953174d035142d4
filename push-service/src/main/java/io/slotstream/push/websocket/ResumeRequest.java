package io.slotstream.push.websocket;

import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What a client asked for in its handshake URL: {@code /ws?lastSeq=N&epoch=E} to resume, nothing to start fresh.
 *
 * @param lastSeq the seq of the last broadcast frame the client has, or null
 * @param epoch the epoch that seq belongs to, or null
 */
record ResumeRequest(@Nullable Long lastSeq, @Nullable String epoch) {

    static final ResumeRequest FRESH = new ResumeRequest(null, null);

    /** @throws IllegalArgumentException for a lastSeq that is not a non-negative number */
    static ResumeRequest fromQuery(java.net.URI uri) {
        var params = UriComponentsBuilder.fromUri(uri).build().getQueryParams();
        String lastSeq = params.getFirst("lastSeq");
        String epoch = params.getFirst("epoch");
        if (lastSeq == null || lastSeq.isBlank()) {
            return FRESH;
        }
        long seq = Long.parseLong(lastSeq.trim());
        if (seq < 0) {
            throw new IllegalArgumentException("lastSeq must not be negative");
        }
        return new ResumeRequest(seq, epoch == null || epoch.isBlank() ? null : epoch.trim());
    }
}
