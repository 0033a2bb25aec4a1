package cryo.controller.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.device.StageId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code interlocks:} section of the configuration file: every detector limit settable per
 * sensor and loop over the stage defaults, and every bad value, unknown name and contradiction
 * refused with file, line and field (issue 5, "Bad input").
 */
class InterlockConfigLoaderTest {

    static String cryostat() throws Exception {
        try (var in = ConfigLoader.class.getClassLoader().getResourceAsStream(ConfigLoader.CRYOSTAT_RESOURCE)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static ControllerConfig load(String yaml) {
        return ConfigLoader.parse("cfg.yaml", yaml, name -> ShippedCurvesTest.resource(name.replace("curves/", "")));
    }

    private static String refusal(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).getMessage();
    }

    /** The text with the first {@code from} replaced, which must be there. */
    private static String once(String text, String from, String to) {
        int i = text.indexOf(from);
        assertTrue(i >= 0, "'" + from + "' not in the file");
        return text.substring(0, i) + to + text.substring(i + from.length());
    }

    /** 1-based line of the first line containing {@code what}. */
    private static int line(String text, String what) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(what)) {
                return i + 1;
            }
        }
        throw new AssertionError("'" + what + "' not in the text");
    }

    /** One mixing chamber, one loop, and the given interlocks section (the shape of cryo-default.yaml). */
    private static String small(String interlocks) {
        return "nodeId: n1\n"
                + "sensors:\n"
                + "  - {stage: mxc, sensorId: ruox-a, channel: 4, curve: curves/sim-ruox-mxc-spline.340}\n"
                + "loops:\n"
                + "  - id: mxc\n"
                + "    sensor: mxc\n"
                + "    heaterChannel: 3\n"
                + "    heaterResistanceOhms: 100\n"
                + "    mode: pid\n"
                + "    setpointKelvin: 0.050\n"
                + "    setpointLimitKelvin: 1.0\n"
                + "    heaterRange: 5\n"
                + "    gains: {p: 2.0e-3, i: 2.0e-3, d: 0}\n"
                + interlocks;
    }

    @Test
    void aKeyLeftOutTakesTheStageDefaultAndOffSwitchesAnOptionalCheckOff() {
        ControllerConfig c = load(small("interlocks:\n"
                + "  crcWindowSeconds: 30\n"
                + "  sensors:\n"
                + "    - sensor: mxc\n"
                + "      rateWindowSeconds: 20\n"
                + "      comparatorKelvin: off\n"
                + "      stuckIdenticalSamples: off\n"
                + "      underTemperatureKelvin: 0.001\n"
                + "  loops:\n"
                + "    - {loop: mxc, holdBandKelvin: 0.02, detachedFactor: 4, stuckOnSettleSeconds: 90}\n"));
        SensorInterlock d = InterlockConfig.defaultSensor(0, StageId.MXC);
        SensorInterlock s = c.interlocks().sensor(0);
        assertEquals(new SensorInterlock(0, d.overTemperatureKelvin(), 0.001, d.debounceSamples(), Double.NaN,
                d.rateOfRiseKelvinPerSecond(), 20, d.jumpFactor(), d.stuckWindowSeconds(), d.stuckMinRelativeChange(),
                d.stuckMinHeaterChangeWatts(), 0, d.staleIntervals(), d.coolingLossRiseKelvin(), d.coolingLossWindowSeconds(),
                d.overTemperatureWarningFraction()), s);
        LoopInterlock dl = InterlockConfig.defaultLoop("mxc");
        LoopInterlock l = c.interlocks().loop("mxc");
        assertEquals(0.02, l.holdBandKelvin());
        assertEquals(4.0, l.detachedFactor());
        assertEquals(90.0, l.stuckOnSettleSeconds());
        assertEquals(dl.stuckOnOtherToleranceWatts(), l.stuckOnOtherToleranceWatts());
        assertEquals(dl.heatUpPeriodSeconds(), l.heatUpPeriodSeconds());
        assertEquals(dl.detachedPeriodSeconds(), l.detachedPeriodSeconds());
        assertEquals(30.0, c.interlocks().crcWindowSeconds());
        assertEquals(0.05, c.interlocks().crcMaxErrorFraction(), "a bus limit left out is the default");

        // no interlocks section at all: every limit the stage default, as before
        ControllerConfig none = load(small(""));
        assertEquals(InterlockConfig.defaults(none.sensors(), none.loops(), List.of()), none.interlocks());
    }

    @Test
    void theWalkingSkeletonsOverTemperatureListStillWorksAndCannotBeSetTwice() {
        ControllerConfig c = load(small("interlocks:\n  overTemperature:\n    - {sensor: mxc, limitKelvin: 3.0, debounceSamples: 6}\n"));
        assertEquals(3.0, c.interlocks().sensor(0).overTemperatureKelvin());
        assertEquals(6, c.interlocks().sensor(0).debounceSamples());
        String yaml = small("interlocks:\n  overTemperature:\n    - {sensor: mxc, limitKelvin: 3.0}\n"
                + "  sensors:\n    - sensor: mxc\n      overTemperatureKelvin: 4.0\n");
        assertEquals("cfg.yaml:" + line(yaml, "overTemperatureKelvin: 4.0") + ": interlocks.sensors[0].overTemperatureKelvin: "
                + "sensor 'ruox-a' already has its over-temperature limit in interlocks.overTemperature: set it in one place", refusal(yaml));
        // the list's limit is checked against the hold band like any other (3 K > 1 K + 10 mK: fine; 1.005 K is not)
        yaml = small("interlocks:\n  overTemperature:\n    - {sensor: mxc, limitKelvin: 1.005}\n");
        assertEquals("cfg.yaml:" + line(yaml, "limitKelvin: 1.005") + ": interlocks.overTemperature[0].limitKelvin: "
                + "interlocks.loops.mxc.holdBandKelvin 0.01 above setpointLimitKelvin 1.0 reaches overTemperatureKelvin 1.005: "
                + "the hold band must lie inside the hard limit", refusal(yaml));
    }

    @Test
    void contradictoryLimitsAreRefusedAtTheKeyThatSetThem() throws Exception {
        String ok = cryostat();
        // hold band wider than the hard limit allows: setpointLimitKelvin + holdBandKelvin must stay below overTemperatureKelvin
        String yaml = once(ok, "holdBandKelvin: 0.010 ", "holdBandKelvin: 4.0 ");
        assertEquals("cfg.yaml:" + line(yaml, "holdBandKelvin: 4.0") + ": interlocks.loops[0].holdBandKelvin: 4.0 above "
                + "setpointLimitKelvin 1.0 reaches overTemperatureKelvin 5.0: the hold band must lie inside the hard limit", refusal(yaml));
        // ... the same contradiction made by raising the loop's setpoint limit, with the band left to its default
        yaml = small("interlocks:\n  sensors:\n    - {sensor: mxc, overTemperatureKelvin: 2.0, comparatorKelvin: 2.4}\n");
        yaml = once(yaml, "setpointLimitKelvin: 1.0", "setpointLimitKelvin: 1.995");
        assertEquals("cfg.yaml:" + line(yaml, "overTemperatureKelvin: 2.0") + ": interlocks.sensors[0].overTemperatureKelvin: "
                + "interlocks.loops.mxc.holdBandKelvin 0.01 above setpointLimitKelvin 1.995 reaches overTemperatureKelvin 2.0: "
                + "the hold band must lie inside the hard limit", refusal(yaml));
        yaml = once(small(""), "setpointLimitKelvin: 1.0", "setpointLimitKelvin: 4.995");
        assertEquals("cfg.yaml:" + line(yaml, "setpointLimitKelvin: 4.995") + ": loops[0].setpointLimitKelvin: "
                + "interlocks.loops.mxc.holdBandKelvin 0.01 above setpointLimitKelvin 4.995 reaches overTemperatureKelvin 5.0: "
                + "the hold band must lie inside the hard limit", refusal(yaml));
        // the software trip above the board's comparator
        yaml = once(ok, "comparatorKelvin: 12", "comparatorKelvin: 4.5");
        assertEquals("cfg.yaml:" + (line(yaml, "comparatorKelvin: 4.5") - 3) + ": interlocks.sensors[2].overTemperatureKelvin: 5.0 is above "
                + "comparatorKelvin 4.5: the software trip must come before the board's hardware cut-out", refusal(yaml));
        yaml = small("interlocks:\n  sensors:\n    - sensor: mxc\n      comparatorKelvin: 4.5\n");
        assertEquals("cfg.yaml:" + line(yaml, "comparatorKelvin: 4.5") + ": interlocks.sensors[0].comparatorKelvin: "
                + "interlocks.sensors[ruox-a].overTemperatureKelvin 5.0 is above comparatorKelvin 4.5: "
                + "the software trip must come before the board's hardware cut-out", refusal(yaml));
        // an under-temperature limit at or above the over-temperature limit
        yaml = once(ok, "underTemperatureKelvin: off", "underTemperatureKelvin: 5.5");
        assertEquals("cfg.yaml:" + line(yaml, "underTemperatureKelvin: 5.5") + ": interlocks.sensors[0].underTemperatureKelvin: "
                + "5.5 must be below overTemperatureKelvin 5.0", refusal(yaml));
        // a comparator the sensor cannot read (the RuOx curve ends at 40 K)
        yaml = once(ok, "comparatorKelvin: 6.0", "comparatorKelvin: 60");
        assertEquals("cfg.yaml:" + line(yaml, "comparatorKelvin: 60") + ": interlocks.sensors[0].comparatorKelvin: 60.0 is outside "
                + "the calibration curve of sensor sim-ruox-mxc (the board compares sensor units)", refusal(yaml));
        // a setpoint whose hold band reaches the under-temperature limit: regulating would trip
        yaml = small("interlocks:\n  sensors:\n    - sensor: mxc\n      underTemperatureKelvin: 0.045\n");
        assertEquals("cfg.yaml:" + line(yaml, "underTemperatureKelvin: 0.045") + ": interlocks.sensors[0].underTemperatureKelvin: "
                + "interlocks.loops.mxc.holdBandKelvin 0.01 below setpointKelvin 0.05 reaches underTemperatureKelvin 0.045: "
                + "the hold band must lie above the under-temperature limit", refusal(yaml));
        // a trip limit the sensor cannot read (the Cernox curve ends at 325 K): it could never fire
        yaml = once(ok, "- sensor: 4k\n      overTemperatureKelvin: 320", "- sensor: 4k\n      overTemperatureKelvin: 330");
        assertEquals("cfg.yaml:" + (line(yaml, "- sensor: 4k") + 1) + ": interlocks.sensors[5].overTemperatureKelvin: 330.0 is outside "
                + "the calibration curve of sensor sim-cernox-4k: it could never be read", refusal(yaml));
    }

    @Test
    void unknownKeysSensorsAndLoopsAndBadValuesNameFileLineAndField() throws Exception {
        String ok = cryostat();
        String yaml = once(ok, "jumpFactor: 4", "jumpFactr: 4");
        String m = refusal(yaml);
        assertEquals("cfg.yaml:" + line(yaml, "jumpFactr") + ": interlocks.sensors[0].jumpFactr: unknown key (did you mean jumpFactor?)", m);
        yaml = once(ok, "crcWindowSeconds: 10", "crcWindowSeconds: 10\n  crcWindow: 10");
        assertTrue(refusal(yaml).startsWith("cfg.yaml:" + line(yaml, "crcWindow:") + ": interlocks.crcWindow: unknown key"), refusal(yaml));
        yaml = once(ok, "- sensor: cold-plate", "- sensor: coldplate");
        assertEquals("cfg.yaml:" + line(yaml, "coldplate") + ": interlocks.sensors[3].sensor: no sensor on stage 'coldplate' "
                + "(configured: mxc, still, cold-plate, sample, 50k, 4k)", refusal(yaml));
        yaml = once(ok, "- loop: still", "- loop: stil");
        assertEquals("cfg.yaml:" + line(yaml, "loop: stil") + ": interlocks.loops[1].loop: no loop 'stil' (configured: mxc, still, 50k, 4k)",
                refusal(yaml));
        yaml = once(ok, "- loop: still", "- loop: mxc");
        assertEquals("cfg.yaml:" + line(ok, "- loop: still") + ": interlocks.loops[1].loop: loop 'mxc' already has limits (line "
                + line(ok, "- loop: mxc") + ")", refusal(yaml));
        yaml = once(ok, "- sensor: sample", "- sensor: mxc");
        assertTrue(refusal(yaml).startsWith("cfg.yaml:" + (line(ok, "- sensor: sample")) + ": interlocks.sensors[1].sensor: sensor "
                + "'sim-ruox-mxc' already has limits"), refusal(yaml));
        yaml = once(ok, "jumpFactor: 4", "jumpFactor: off");
        assertEquals("cfg.yaml:" + line(yaml, "jumpFactor: off") + ": interlocks.sensors[0].jumpFactor: 'off' is not a number", refusal(yaml));
        yaml = once(ok, "jumpFactor: 4", "jumpFactor: 1");
        assertEquals("cfg.yaml:" + line(yaml, "jumpFactor: 1") + ": interlocks.sensors[0].jumpFactor: must be > 1, was 1.0", refusal(yaml));
        yaml = once(ok, "debounceSamples: 4", "debounceSamples: four");
        assertEquals("cfg.yaml:" + line(yaml, "debounceSamples: four") + ": interlocks.sensors[0].debounceSamples: 'four' is not an integer",
                refusal(yaml));
        yaml = once(ok, "notAnsweringTicks: 5 ", "notAnsweringTicks: 0 ");
        assertEquals("cfg.yaml:" + line(yaml, "notAnsweringTicks: 0") + ": interlocks.notAnsweringTicks: must be >= 1, was 0", refusal(yaml));
    }

    @Test
    void negativeWindowsAreRefused() throws Exception {
        String ok = cryostat();
        String[][] cases = {
            {"crcWindowSeconds: 10", "crcWindowSeconds: -10", "interlocks.crcWindowSeconds: must be > 0 and finite, was -10.0"},
            {"crcMaxErrorFraction: 0.05", "crcMaxErrorFraction: 5", "interlocks.crcMaxErrorFraction: 5.0 outside (0, 1)"},
            {"sampleIntervalSeconds: 0.1", "sampleIntervalSeconds: -0.1", "interlocks.sampleIntervalSeconds: must be > 0 and finite, was -0.1"},
            {"rateWindowSeconds: 10", "rateWindowSeconds: -10", "interlocks.sensors[0].rateWindowSeconds: must be > 0 and finite, was -10.0"},
            {"stuckWindowSeconds: 600", "stuckWindowSeconds: -600", "interlocks.sensors[4].stuckWindowSeconds: must be > 0 and finite, was -600.0"},
            {"overTemperatureWarningFraction: 0.95", "overTemperatureWarningFraction: 1.5",
                "interlocks.sensors[4].overTemperatureWarningFraction: 1.5 outside (0, 1) (a fraction of overTemperatureKelvin; off for no warning)"},
            {"coolingLossWindowSeconds: 600", "coolingLossWindowSeconds: -600",
                "interlocks.sensors[5].coolingLossWindowSeconds: must be > 0 and finite, was -600.0"},
            {"holdPeriodSeconds: 120", "holdPeriodSeconds: -120", "interlocks.loops[0].holdPeriodSeconds: must be > 0 and finite, was -120.0"},
            {"heatUpPeriodSeconds: 600", "heatUpPeriodSeconds: -600", "interlocks.loops[1].heatUpPeriodSeconds: must be > 0 and finite, was -600.0"},
            {"detachedPeriodSeconds: 300", "detachedPeriodSeconds: -300", "interlocks.loops[0].detachedPeriodSeconds: must be > 0 and finite, was -300.0"},
            {"stuckOnWindowSeconds: 120", "stuckOnWindowSeconds: 0", "interlocks.loops[0].stuckOnWindowSeconds: must be > 0 and finite, was 0.0"},
            {"stuckOnSettleSeconds: 480", "stuckOnSettleSeconds: -1",
                "interlocks.loops[0].stuckOnSettleSeconds: must be >= 0 and finite, was -1.0"},
        };
        for (String[] c : cases) {
            String yaml = once(ok, c[0], c[1]);
            assertEquals("cfg.yaml:" + line(yaml, c[1]) + ": " + c[2], refusal(yaml), c[1]);
        }
        // a cooling-loss check switched on where the stage default has no window
        String yaml = small("interlocks:\n  sensors:\n    - sensor: mxc\n      coolingLossRiseKelvin: 0.5\n");
        assertEquals("cfg.yaml:" + line(yaml, "- sensor: mxc") + ": interlocks.sensors[0]: "
                + "interlocks.sensors[ruox-a].coolingLossWindowSeconds must be > 0 and finite, was 0.0", refusal(yaml));
    }

    @Test
    void redundantPairsWatchTwoSensorsOfOneStage() {
        String two = small("interlocks:\n  pairs:\n    - {sensorA: ruox-a, sensorB: ruox-b, maxDifferenceKelvin: 0.002}\n")
                .replace("  - {stage: mxc, sensorId: ruox-a, channel: 4, curve: curves/sim-ruox-mxc-spline.340}\n",
                        "  - {stage: mxc, sensorId: ruox-a, channel: 4, curve: curves/sim-ruox-mxc-spline.340}\n"
                        + "  - {stage: mxc, sensorId: ruox-b, channel: 6, curve: curves/sim-ruox-mxc-spline.340}\n"
                        + "  - {stage: still, channel: 2, curve: curves/sim-ruox-mxc-spline.340}\n");
        // a stage with two sensors must be named by sensorId
        String m = refusal(two);
        assertEquals("cfg.yaml:" + line(two, "    sensor: mxc") + ": loops[0].sensor: stage 'mxc' has 2 sensors (ruox-a, ruox-b): "
                + "name one by its sensorId", m);
        String ok = two.replace("    sensor: mxc", "    sensor: ruox-a");
        ControllerConfig c = load(ok);
        assertEquals(List.of(new SensorPair(0, 1, 0.002, 0.10, 5)), c.interlocks().pairs(), "fraction and debounce as DefaultConfig.cryostat's pair");
        assertEquals(0, c.loops().get(0).sensorIndex());

        String yaml = ok.replace("sensorB: ruox-b", "sensorB: still");
        assertEquals("cfg.yaml:" + line(yaml, "sensorB: still") + ": interlocks.pairs[0]: sensors ruox-a (mxc) and still (still) "
                + "are on different stages: a redundant pair watches one stage", refusal(yaml));
        yaml = ok.replace("sensorB: ruox-b", "sensorB: ruox-a");
        assertEquals("cfg.yaml:" + line(yaml, "sensorB: ruox-a") + ": interlocks.pairs[0].sensorA: sensorA and sensorB must differ", refusal(yaml));
        yaml = ok.replace("maxDifferenceKelvin: 0.002", "maxDifferenceKelvin: -0.002");
        assertEquals("cfg.yaml:" + line(yaml, "maxDifferenceKelvin") + ": interlocks.pairs[0].maxDifferenceKelvin: must be > 0 and finite, "
                + "was -0.002", refusal(yaml));
        yaml = ok.replace(", maxDifferenceKelvin: 0.002", "");
        assertEquals("cfg.yaml:" + line(yaml, "sensorB: ruox-b") + ": interlocks.pairs[0].maxDifferenceKelvin is required", refusal(yaml));
        yaml = ok.replace("sensorB: ruox-b", "sensorB: ruox-c");
        assertTrue(refusal(yaml).startsWith("cfg.yaml:" + line(yaml, "ruox-c") + ": interlocks.pairs[0].sensorB: no sensor on stage 'ruox-c'"),
                refusal(yaml));
        // two sensors need distinct sensorIds; a sensorId may not be another stage's name
        yaml = ok.replace("sensorId: ruox-b", "sensorId: ruox-a");
        assertEquals("cfg.yaml:" + line(yaml, "channel: 6") + ": sensors[1].sensorId: sensorId 'ruox-a' given twice", refusal(yaml));
        yaml = ok.replace("sensorId: ruox-b", "sensorId: still");
        assertEquals("cfg.yaml:" + line(yaml, "channel: 6") + ": sensors[1].sensorId: 'still' is the name of another stage", refusal(yaml));
    }
}
