package cryo.workstation.exporter;

import cryo.v1.Alarm;
import cryo.v1.InterlockState;
import cryo.v1.LoopStatus;
import cryo.v1.Quality;
import cryo.v1.Severity;
import cryo.v1.StageStatus;
import cryo.v1.Status;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet as Prometheus metrics, built at each scrape from {@link Fleet} under its lock.
 * A value is exported only while its node is up, its newest status is fresh (younger than
 * {@code staleAfterIntervals} status intervals) and the node marked it good: a stale or bad value
 * is absent, never shown as if it were current. Runs on the HTTP server's threads.
 */
final class FleetCollector implements MultiCollector {
    private static final Severity[] SEVERITIES = {Severity.SEVERITY_INFO, Severity.SEVERITY_WARNING, Severity.SEVERITY_CRITICAL};

    private final Fleet fleet;
    private final double staleAfterIntervals;

    FleetCollector(Fleet fleet, double staleAfterIntervals) {
        if (!(staleAfterIntervals >= 1)) {
            throw new IllegalArgumentException("stale-after must be at least 1 status interval, got " + staleAfterIntervals);
        }
        this.fleet = fleet;
        this.staleAfterIntervals = staleAfterIntervals;
    }

    @Override
    public MetricSnapshots collect() {
        return fleet.read(this::collect);
    }

    private MetricSnapshots collect(List<NodeView> nodes) {
        long now = fleet.nanos();
        GaugeSnapshot.Builder up = gauge("cryo_node_up", "1 while the node's session is up (Birth seen, no Death since); 0 after a Death or while the broker is lost");
        GaugeSnapshot.Builder info = gauge("cryo_node_info", "1 per node, labelled with its firmware version and runbook base URL (from its Birth)");
        GaugeSnapshot.Builder fresh = gauge("cryo_node_status_fresh", "1 while the newest status is recent enough for its values to be exported");
        GaugeSnapshot.Builder temp = gauge("cryo_stage_temperature_kelvin", "Stage temperature; absent when stale, bad or the node is not up");
        GaugeSnapshot.Builder stageGood = gauge("cryo_stage_good", "1 when the stage's reading is good, 0 when the node marks it stale or bad");
        GaugeSnapshot.Builder power = gauge("cryo_heater_power_watts", "Heater output of a loop; absent when stale, bad or the node is not up");
        GaugeSnapshot.Builder setpoint = gauge("cryo_loop_setpoint_kelvin", "Active (possibly ramping) setpoint of a loop");
        GaugeSnapshot.Builder tripped = gauge("cryo_interlock_tripped", "1 while the interlock is tripped (acknowledged or not)");
        GaugeSnapshot.Builder alarms = gauge("cryo_alarms_active", "Alarms raised or acknowledged (not shelved, not cleared), by severity");
        GaugeSnapshot.Builder causes = gauge("cryo_alarm_cause_active", "Alarms raised or acknowledged, by cause and severity (the cause names the runbook page)");
        GaugeSnapshot.Builder lastStatus = gauge("cryo_last_status_timestamp_seconds", "Unix time the exporter received the node's newest status");
        CounterSnapshot.Builder energy = counter("cryo_heater_energy_joules", "Heater energy of a loop since the exporter started (power integrated over board time)");
        CounterSnapshot.Builder gaps = counter("cryo_status_seq_gaps", "Statuses missing from the sequence (dropped between node and exporter)");
        CounterSnapshot.Builder underflows = counter("cryo_sequencer_underflows", "Pulse sequencer underflows the node reports (resets when the node restarts)");
        CounterSnapshot.Builder received = counter("cryo_statuses_received", "Statuses the exporter took from the node");
        // the job queue (issue 22): the scheduler now, and each finished job's measured heat, by job kind
        GaugeSnapshot.Builder queued = gauge("cryo_scheduler_queued_jobs", "Jobs waiting in the node's queue (running one excluded)");
        GaugeSnapshot.Builder utilization = gauge("cryo_scheduler_utilization", "The scheduler's thermal utilisation: predicted 4 K plate load of the running jobs against its budget (0..1)");
        GaugeSnapshot.Builder loadWatts = gauge("cryo_scheduler_load_watts", "Predicted average load of the running jobs on the 4 K plate");
        GaugeSnapshot.Builder budgetWatts = gauge("cryo_scheduler_budget_watts", "The 4 K plate's budget for the board");
        GaugeSnapshot.Builder cooldown = gauge("cryo_scheduler_cooldown_remaining_seconds", "Cooldown reservation left from earlier jobs (0 when none)");
        GaugeSnapshot.Builder running = gauge("cryo_scheduler_job_running", "1 while a job runs");
        CounterSnapshot.Builder jobEnergy = counter("cryo_job_energy_joules", "Board energy of the finished jobs, by kind, since the exporter started");
        CounterSnapshot.Builder jobsFinished = counter("cryo_jobs_finished", "Jobs that ended, by kind and end state (done, cancelled, interrupted, refused)");
        CounterSnapshot.Builder jobRecovery = counter("cryo_job_recovery_seconds", "Time the mixing chamber took to come back into band after the jobs, summed by kind");
        CounterSnapshot.Builder jobsRecovered = counter("cryo_jobs_recovered", "Jobs after which the mixing chamber came back into band, by kind");
        GaugeSnapshot.Builder lastEnergy = gauge("cryo_job_last_energy_joules", "Board energy of the newest finished job of a kind");
        GaugeSnapshot.Builder lastMxc = gauge("cryo_job_last_mxc_peak_excursion_kelvin", "Peak excursion of the mixing chamber above its setpoint during and after the newest job of a kind");
        GaugeSnapshot.Builder lastPlate = gauge("cryo_job_last_4k_peak_excursion_kelvin", "Peak excursion of the 4 K plate during and after the newest job of a kind");
        GaugeSnapshot.Builder lastRecovery = gauge("cryo_job_last_recovery_seconds", "Time to recover into band after the newest recovered job of a kind");
        for (NodeView v : nodes) {
            Labels node = Labels.of("node", v.node);
            up.dataPoint(g(node, v.up == NodeView.Up.UP ? 1 : 0));
            info.dataPoint(g(Labels.of("node", v.node, "firmware", v.firmware, "runbook_base_url", v.runbookBaseUrl), 1));
            received.dataPoint(c(node, v.statuses));
            gaps.dataPoint(c(node, v.seqGaps));
            for (Map.Entry<String, Double> e : v.energyJoules.entrySet()) {
                energy.dataPoint(c(Labels.of("node", v.node, "loop", e.getKey()), e.getValue()));
            }
            for (Map.Entry<String, JobTally.Kind> e : v.jobs.kinds.entrySet()) {
                Labels l = Labels.of("node", v.node, "kind", e.getKey());
                JobTally.Kind k = e.getValue();
                jobEnergy.dataPoint(c(l, k.energyJoules));
                jobRecovery.dataPoint(c(l, k.recoverySeconds));
                jobsRecovered.dataPoint(c(l, k.recovered));
                for (Map.Entry<String, Long> f : k.finished.entrySet()) {
                    jobsFinished.dataPoint(c(Labels.of("node", v.node, "kind", e.getKey(), "state", f.getKey()), f.getValue()));
                }
                gaugeIfFinite(lastEnergy, l, k.lastEnergyJoules);
                gaugeIfFinite(lastMxc, l, k.lastMxcPeakKelvin);
                gaugeIfFinite(lastPlate, l, k.lastPlatePeakKelvin);
                gaugeIfFinite(lastRecovery, l, k.lastRecoverySeconds);
            }
            if (!Double.isNaN(v.lastStatusEpochSeconds)) {
                lastStatus.dataPoint(g(node, v.lastStatusEpochSeconds));
            }
            boolean isFresh = v.fresh(now, staleAfterIntervals * v.statusIntervalSeconds);
            fresh.dataPoint(g(node, isFresh ? 1 : 0));
            if (!isFresh) {
                continue;
            }
            Status s = v.last;
            underflows.dataPoint(c(node, s.getSequencer().getUnderflows()));
            for (StageStatus st : s.getStagesList()) {
                Labels l = Labels.of("node", v.node, "stage", st.getStageId());
                boolean good = st.getQuality() == Quality.QUALITY_GOOD && Double.isFinite(st.getTemperatureKelvin());
                stageGood.dataPoint(g(l, good ? 1 : 0));
                if (good) {
                    temp.dataPoint(g(l, st.getTemperatureKelvin()));
                }
            }
            for (LoopStatus lp : s.getLoopsList()) {
                if (lp.getQuality() == Quality.QUALITY_STALE || lp.getQuality() == Quality.QUALITY_BAD) {
                    continue;
                }
                Labels l = Labels.of("node", v.node, "loop", lp.getLoopId(), "stage", lp.getStageId());
                if (Double.isFinite(lp.getOutputWatts())) {
                    power.dataPoint(g(l, lp.getOutputWatts()));
                }
                if (Double.isFinite(lp.getSetpointKelvin())) {
                    setpoint.dataPoint(g(l, lp.getSetpointKelvin()));
                }
            }
            tripped.dataPoint(g(node, s.getInterlock().getState() == InterlockState.INTERLOCK_ARMED ? 0 : 1));
            if (s.hasScheduler()) {
                var q = s.getScheduler();
                Labels pl = Labels.of("node", v.node, "policy", q.getPolicy());
                queued.dataPoint(g(pl, q.getQueued()));
                gaugeIfFinite(utilization, pl, q.getUtilization());
                gaugeIfFinite(loadWatts, pl, q.getLoadWatts());
                gaugeIfFinite(budgetWatts, pl, q.getBudgetWatts());
                gaugeIfFinite(cooldown, pl, q.getCooldownRemainingSeconds());
                running.dataPoint(g(pl, q.getRunningJobId().isEmpty() ? 0 : 1));
            }
            int[] bySeverity = new int[Severity.values().length];
            Map<String, Integer> byCause = new TreeMap<>();
            for (Alarm a : s.getActiveAlarmsList()) {
                if (NodeView.open(a) && a.getSeverity() != Severity.UNRECOGNIZED) {
                    bySeverity[a.getSeverity().ordinal()]++;
                    byCause.merge(a.getCause().name() + "\u0000" + severity(a.getSeverity()), 1, Integer::sum);
                }
            }
            for (Severity sev : SEVERITIES) {
                alarms.dataPoint(g(Labels.of("node", v.node, "severity", severity(sev)), bySeverity[sev.ordinal()]));
            }
            for (Map.Entry<String, Integer> e : byCause.entrySet()) {
                String[] cs = e.getKey().split("\u0000");
                causes.dataPoint(g(Labels.of("node", v.node, "cause", cs[0], "severity", cs[1]), e.getValue()));
            }
        }
        return MetricSnapshots.of(up.build(), info.build(), fresh.build(), temp.build(), stageGood.build(), power.build(), setpoint.build(),
                tripped.build(), alarms.build(), causes.build(), lastStatus.build(), energy.build(), gaps.build(), underflows.build(),
                received.build(), queued.build(), utilization.build(), loadWatts.build(), budgetWatts.build(), cooldown.build(), running.build(),
                jobEnergy.build(), jobsFinished.build(), jobRecovery.build(), jobsRecovered.build(), lastEnergy.build(), lastMxc.build(),
                lastPlate.build(), lastRecovery.build());
    }

    private static void gaugeIfFinite(GaugeSnapshot.Builder b, Labels l, double v) {
        if (Double.isFinite(v)) {
            b.dataPoint(g(l, v));
        }
    }

    /** SEVERITY_CRITICAL becomes critical. */
    static String severity(Severity s) {
        return s.name().replace("SEVERITY_", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    private static CounterSnapshot.Builder counter(String name, String help) {
        return CounterSnapshot.builder().name(name).help(help);
    }

    private static GaugeDataPointSnapshot g(Labels labels, double v) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(v).build();
    }

    private static CounterDataPointSnapshot c(Labels labels, double v) {
        return CounterDataPointSnapshot.builder().labels(labels).value(v).build();
    }
}
