package io.slotstream.processor.system;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a stream thread dies, log why and start a new one. Its open transaction was aborted, so the replacement
 * re-reads the uncommitted commands and decides them again with the same event ids. A command that fails every
 * time keeps replacing the thread and its partition stalls: the log and the thread metrics show it.
 */
final class ReplaceThreadOnError implements StreamsUncaughtExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ReplaceThreadOnError.class);

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        log.error("A stream thread failed; replacing it", exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
