package cryo.workstation.exporter;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The exporter's own health: messages taken, messages rejected and why, the broker connection. Thread-safe. */
final class ExporterMetrics {
    private final Counter messages;
    private final Counter rejected;
    private final Gauge brokerUp;
    private final Counter brokerLosses;

    ExporterMetrics(PrometheusRegistry registry) {
        messages = Counter.builder().name("cryo_exporter_messages_total")
                .help("MQTT messages received, by topic kind (status, state, alarm)").labelNames("kind").register(registry);
        rejected = Counter.builder().name("cryo_exporter_rejected_messages_total")
                .help("MQTT messages not taken, by reason (undecodable, node_id_mismatch, bad_topic, too_large, old_session, too_many_nodes)")
                .labelNames("reason").register(registry);
        brokerUp = Gauge.builder().name("cryo_exporter_broker_connected")
                .help("1 while the exporter is connected to the MQTT broker").register(registry);
        brokerLosses = Counter.builder().name("cryo_exporter_broker_connection_losses_total")
                .help("Times the exporter lost the MQTT broker").register(registry);
        for (String r : new String[] {"undecodable", "node_id_mismatch", "bad_topic", "too_large", "old_session", "too_many_nodes"}) {
            rejected.labelValues(r); // present at 0 from the start, so rate() and alerts see the first one
        }
    }

    void message(String kind) {
        messages.labelValues(kind).inc();
    }

    void rejected(String reason) {
        rejected.labelValues(reason).inc();
    }

    double rejectedCount(String reason) {
        return rejected.labelValues(reason).get();
    }

    void brokerConnected(boolean up) {
        if (!up && brokerUp.get() == 1) {
            brokerLosses.inc();
        }
        brokerUp.set(up ? 1 : 0);
    }
}
