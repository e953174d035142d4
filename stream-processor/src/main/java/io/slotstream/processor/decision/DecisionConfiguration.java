package io.slotstream.processor.decision;

import io.micrometer.core.instrument.MeterRegistry;
import io.slotstream.events.Topics;
import io.slotstream.processor.limit.UserLimits;
import io.slotstream.processor.system.ProcessorProperties;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Adds the decision topology to the application's {@link StreamsBuilder}. */
@Configuration(proxyBeanMethods = false)
class DecisionConfiguration {

    @Bean
    DecisionMetrics decisionMetrics(MeterRegistry registry) {
        return new DecisionMetrics(registry);
    }

    @Bean
    SlotDecisionTopology slotDecisionTopology(
            StreamsBuilder builder, Topics topics, ProcessorProperties processor, DecisionMetrics metrics) {
        SlotDecisionTopology topology = new SlotDecisionTopology(
                topics,
                new SlotRules(processor.rememberedDecisions(), processor.holdDuration()),
                new UserLimits(processor.rememberedDecisions()),
                metrics,
                processor.expiryCheckInterval());
        topology.addTo(builder);
        return topology;
    }
}
