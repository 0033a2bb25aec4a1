package cryo.workstation.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.Alarm;
import cryo.v1.AlarmCause;
import cryo.v1.AlarmState;
import cryo.v1.Birth;
import cryo.v1.Death;
import cryo.v1.InterlockState;
import cryo.v1.InterlockStatus;
import cryo.v1.LoopStatus;
import cryo.v1.NodeState;
import cryo.v1.Quality;
import cryo.v1.SequencerStatus;
import cryo.v1.Severity;
import cryo.v1.StageStatus;
import cryo.v1.Status;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The fleet's metrics from hand-made messages, on a clock the test steps: what is exported, what is withheld, what is counted. */
class FleetTest {
    private long nanos;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExporterMetrics metrics = new ExporterMetrics(registry);
    private final Fleet fleet = new Fleet(metrics, () -> nanos, () -> 1_700_000_000 + nanos / 1e9, () -> new History(10, 100));

    {
        registry.register(new FleetCollector(fleet, 3));
    }

    private static Status status(String node, long bdSeq, int seq, double mxcKelvin, Quality mxcQuality, double watts) {
        return Status.newBuilder().setNodeId(node).setBdSeq(bdSeq).setSeq(seq).setBoardTimeTicks(seq * 1_000_000_000L)
                .addStages(StageStatus.newBuilder().setStageId("mxc").setTemperatureKelvin(mxcKelvin).setQuality(mxcQuality))
                .addStages(StageStatus.newBuilder().setStageId("still").setTemperatureKelvin(0.8).setQuality(Quality.QUALITY_GOOD))
                .addLoops(LoopStatus.newBuilder().setLoopId("mxc").setStageId("mxc").setOutputWatts(watts).setSetpointKelvin(0.02)
                        .setQuality(Quality.QUALITY_GOOD))
                .setInterlock(InterlockStatus.newBuilder().setState(InterlockState.INTERLOCK_ARMED))
                .setSequencer(SequencerStatus.newBuilder().setUnderflows(2))
                .build();
    }

    private void birth(String node, long bdSeq) {
        fleet.onState("cryo/v1/" + node + "/state", NodeState.newBuilder()
                .setBirth(Birth.newBuilder().setNodeId(node).setBdSeq(bdSeq).setFirmwareVersion("1.2").setStatusIntervalSeconds(1)
                        .setRunbookBaseUrl("docs/runbooks/")).build().toByteArray());
    }

    private String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void goodValuesAreExportedUnderTheirNamesAndEnergyIsIntegratedOverBoardTime() throws Exception {
        birth("f1", 1);
        for (int seq = 0; seq < 5; seq++) {
            fleet.onStatus("cryo/v1/f1/status", status("f1", 1, seq, 0.0201, Quality.QUALITY_GOOD, 1e-6).toByteArray());
            nanos += 1_000_000_000L;
        }
        nanos -= 500_000_000L;
        String m = scrape();
        assertTrue(m.contains("cryo_node_up{node=\"f1\"} 1.0"), m);
        assertTrue(m.contains("cryo_stage_temperature_kelvin{node=\"f1\",stage=\"mxc\"} 0.0201"), m);
        assertTrue(m.contains("cryo_heater_power_watts{loop=\"mxc\",node=\"f1\",stage=\"mxc\"} 1.0E-6"), m);
        assertTrue(m.contains("cryo_loop_setpoint_kelvin{loop=\"mxc\",node=\"f1\",stage=\"mxc\"} 0.02"), m);
        assertTrue(m.contains("cryo_heater_energy_joules_total{loop=\"mxc\",node=\"f1\"} 4.0E-6"), m); // 4 s at 1 uW
        assertTrue(m.contains("cryo_interlock_tripped{node=\"f1\"} 0.0"), m);
        assertTrue(m.contains("cryo_alarms_active{node=\"f1\",severity=\"critical\"} 0.0"), m);
        assertTrue(m.contains("cryo_sequencer_underflows_total{node=\"f1\"} 2.0"), m);
        assertTrue(m.contains("cryo_status_seq_gaps_total{node=\"f1\"} 0.0"), m);
        assertTrue(m.contains("cryo_last_status_timestamp_seconds{node=\"f1\"}"), m);
        assertTrue(m.contains("runbook_base_url=\"docs/runbooks/\""), m);
    }

    @Test
    void aStageTheNodeMarksBadOrStaleIsNotExportedAsAValue() throws Exception {
        birth("f1", 1);
        fleet.onStatus("cryo/v1/f1/status", status("f1", 1, 0, 0.5, Quality.QUALITY_BAD, 0).toByteArray());
        String m = scrape();
        assertFalse(m.contains("cryo_stage_temperature_kelvin{node=\"f1\",stage=\"mxc\"}"), m);
        assertTrue(m.contains("cryo_stage_good{node=\"f1\",stage=\"mxc\"} 0.0"), m);
        assertTrue(m.contains("cryo_stage_temperature_kelvin{node=\"f1\",stage=\"still\"} 0.8"), m);
    }

    @Test
    void aNodeThatStopsTalkingHasItsValuesWithheldAndItsStatusAgeKept() throws Exception {
        birth("f1", 1);
        fleet.onStatus("cryo/v1/f1/status", status("f1", 1, 0, 0.02, Quality.QUALITY_GOOD, 0).toByteArray());
        nanos += 3_500_000_000L; // 3.5 status intervals
        String m = scrape();
        assertFalse(m.contains("cryo_stage_temperature_kelvin{"), m);
        assertTrue(m.contains("cryo_node_status_fresh{node=\"f1\"} 0.0"), m);
        assertTrue(m.contains("cryo_last_status_timestamp_seconds{node=\"f1\"} 1.7E9"), m);
    }

    @Test
    void afterADeathOrABrokerLossTheNodeIsUnknownNotItsLastGoodValue() throws Exception {
        birth("f1", 1);
        fleet.onStatus("cryo/v1/f1/status", status("f1", 1, 0, 0.02, Quality.QUALITY_GOOD, 0).toByteArray());
        fleet.onState("cryo/v1/f1/state", NodeState.newBuilder().setDeath(Death.newBuilder().setNodeId("f1").setBdSeq(1)).build().toByteArray());
        String m = scrape();
        assertTrue(m.contains("cryo_node_up{node=\"f1\"} 0.0"), m);
        assertFalse(m.contains("cryo_stage_temperature_kelvin{"), m);
        // a status of the dead session, still in flight, does not bring it back
        fleet.onStatus("cryo/v1/f1/status", status("f1", 1, 1, 0.02, Quality.QUALITY_GOOD, 0).toByteArray());
        assertTrue(scrape().contains("cryo_node_up{node=\"f1\"} 0.0"));
        assertEquals(1.0, metrics.rejectedCount("old_session"));
        birth("f1", 2);
        fleet.onStatus("cryo/v1/f1/status", status("f1", 2, 0, 0.02, Quality.QUALITY_GOOD, 0).toByteArray());
        assertTrue(scrape().contains("cryo_stage_temperature_kelvin{node=\"f1\",stage=\"mxc\"} 0.02"));
        fleet.brokerLost();
        m = scrape();
        assertTrue(m.contains("cryo_node_up{node=\"f1\"} 0.0"), m);
        assertTrue(m.contains("cryo_exporter_broker_connected 0.0"), m);
        assertFalse(m.contains("cryo_stage_temperature_kelvin{"), m);
    }

    @Test
    void badInputIsCountedByReasonAndNeverFiled() throws Exception {
        fleet.onStatus("cryo/v1/f1/status", new byte[] {(byte) 0xff, 0x01, 0x02});
        fleet.onStatus("cryo/v1/f1/status", status("impostor", 1, 0, 0.02, Quality.QUALITY_GOOD, 0).toByteArray());
        fleet.onStatus("cryo/v1/f1/status", new byte[Fleet.MAX_PAYLOAD_BYTES + 1]);
        fleet.onState("cryo/v1/f2/state", NodeState.newBuilder().setDeath(Death.newBuilder().setNodeId("f3")).build().toByteArray());
        String m = scrape();
        assertTrue(m.contains("cryo_exporter_rejected_messages_total{reason=\"undecodable\"} 1.0"), m);
        assertTrue(m.contains("cryo_exporter_rejected_messages_total{reason=\"node_id_mismatch\"} 2.0"), m);
        assertTrue(m.contains("cryo_exporter_rejected_messages_total{reason=\"too_large\"} 1.0"), m);
        assertFalse(m.contains("impostor"), m);
        assertFalse(m.contains("cryo_node_up{"), m); // nothing was filed under any node
    }

    @Test
    void sequenceGapsAndOpenAlarmsByCauseAndSeverity() throws Exception {
        birth("f1", 1);
        fleet.onStatus("cryo/v1/f1/status", status("f1", 1, 254, 0.02, Quality.QUALITY_GOOD, 0).toByteArray());
        Status withAlarms = status("f1", 1, 2, 0.02, Quality.QUALITY_GOOD, 0).toBuilder() // 255, 0, 1 missing across the wrap
                .setInterlock(InterlockStatus.newBuilder().setState(InterlockState.INTERLOCK_TRIPPED))
                .addActiveAlarms(Alarm.newBuilder().setAlarmId(7).setCause(AlarmCause.OVER_TEMPERATURE).setSeverity(Severity.SEVERITY_CRITICAL)
                        .setState(AlarmState.ALARM_ACTIVE))
                .addActiveAlarms(Alarm.newBuilder().setAlarmId(8).setCause(AlarmCause.BUS_CRC_RATE).setSeverity(Severity.SEVERITY_WARNING)
                        .setState(AlarmState.ALARM_SHELVED))
                .build();
        fleet.onStatus("cryo/v1/f1/status", withAlarms.toByteArray());
        String m = scrape();
        assertTrue(m.contains("cryo_status_seq_gaps_total{node=\"f1\"} 3.0"), m);
        assertTrue(m.contains("cryo_interlock_tripped{node=\"f1\"} 1.0"), m);
        assertTrue(m.contains("cryo_alarms_active{node=\"f1\",severity=\"critical\"} 1.0"), m);
        assertTrue(m.contains("cryo_alarms_active{node=\"f1\",severity=\"warning\"} 0.0"), m); // shelved: not open
        assertTrue(m.contains("cryo_alarm_cause_active{cause=\"OVER_TEMPERATURE\",node=\"f1\",severity=\"critical\"} 1.0"), m);
    }
}
