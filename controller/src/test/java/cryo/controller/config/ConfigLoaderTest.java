package cryo.controller.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.SimHarness;
import cryo.hal.device.StageId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static String shipped() throws Exception {
        try (var in = ConfigLoader.class.getClassLoader().getResourceAsStream(ConfigLoader.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String refusal(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse("cfg.yaml", yaml,
                name -> ShippedCurvesTest.resource(name.replace("curves/", "")))).getMessage();
    }

    @Test
    void theShippedFileLoadsAndMatchesTheBuiltInDefault() {
        ControllerConfig c = ConfigLoader.loadDefault();
        ControllerConfig d = DefaultConfig.mixingChamber("sim-1", c.sensors().get(0).curve());
        assertEquals(d.loops(), c.loops(), "cryo-default.yaml and DefaultConfig say the same");
        assertEquals(d.overTemperature(), c.overTemperature());
        assertEquals(d.tickIntervalSeconds(), c.tickIntervalSeconds());
        assertEquals(cryo.hal.calibration.CalibrationCurve.Interpolation.CUBIC_SPLINE, c.sensors().get(0).curve().interpolation());
    }

    @Test
    void theShippedConfigurationRegulatesTheSimulatedFridgeOutOfTheBox() throws Exception {
        try (SimHarness h = new SimHarness(21, ignored -> ConfigLoader.loadDefault().withNodeId("test-1"))) {
            h.driver.run(600);
            double worst = 0;
            for (int i = 0; i < 3000; i++) {
                h.driver.step();
                worst = Math.max(worst, Math.abs(h.board.plant().temperatureKelvin(StageId.MXC) - 0.050));
            }
            assertTrue(worst < 0.1e-3, "held within 0.1 mK of 50 mK on the shipped .340 curve, worst " + worst * 1e3 + " mK");
        }
    }

    /** The line a refusal cites is the line of the key it names (the reader's eye goes there). */
    private static void assertCitesLineOf(String yaml, String key, String message) {
        int line = Integer.parseInt(message.split(":")[1]);
        assertTrue(yaml.split("\n")[line - 1].contains(key + ":"), "line " + line + " holds " + key + ": " + message);
    }

    @Test
    void aMisspeltKeyIsSaidSoWithTheKeyItMeant() throws Exception {
        String bad = shipped().replace("    setpointKelvin: 0.050", "    setpointKelvn: 0.050");
        String m = refusal(bad);
        assertTrue(m.endsWith("loops[0].setpointKelvn: unknown key (did you mean setpointKelvin?)"), m);
        assertCitesLineOf(bad, "setpointKelvn", m);
        String far = refusal(shipped().replace("staleTicks: 5", "staleTicks: 5\nfrobnicate: 1"));
        assertTrue(far.contains("frobnicate: unknown key (known here: "), far);
    }

    @Test
    void aValueOutOfRangeNamesFileLineAndKey() throws Exception {
        String bad = shipped().replace("watchdogTimeoutMillis: 3000", "watchdogTimeoutMillis: -5");
        String m = refusal(bad);
        assertTrue(m.matches("cfg\\.yaml:\\d+: watchdogTimeoutMillis -5 outside 10\\.\\.60000"), m);
        assertCitesLineOf(bad, "watchdogTimeoutMillis", m);
        String high = shipped().replace("setpointKelvin: 0.050", "setpointKelvin: 2.0");
        assertCitesLineOf(high, "setpointKelvin", refusal(high));
    }

    @Test
    void theBoardKeyNamesTheBusAndABadOneIsRefusedAtItsLine() throws Exception {
        String ok = shipped();
        assertEquals(null, ConfigLoader.parse("cfg.yaml", ok, name -> ShippedCurvesTest.resource(name.replace("curves/", ""))).boardUri());
        String spi = ok.replace("nodeId: sim-1", "nodeId: sim-1\nboard: spi:0.1@8000000");
        assertEquals("spi:0.1@8000000", ConfigLoader.parse("cfg.yaml", spi, name -> ShippedCurvesTest.resource(name.replace("curves/", ""))).boardUri());
        String m = refusal(ok.replace("nodeId: sim-1", "nodeId: sim-1\nboard: usb:0"));
        assertTrue(m.startsWith("cfg.yaml:5: board: "), m);
    }

    @Test
    void errorsNameFileLineAndField() throws Exception {
        String ok = shipped();
        assertEquals("cfg.yaml:7: statusIntervallSeconds: unknown key (did you mean statusIntervalSeconds?)", refusal(ok.replace("statusIntervalSeconds: 1.0", "statusIntervalSeconds: 1.0\nstatusIntervallSeconds: 2")));
        String m = refusal(ok.replace("setpointKelvin: 0.050", "setpointKelvin: fifty"));
        assertTrue(m.matches("cfg\\.yaml:\\d+: loops\\[0\\]\\.setpointKelvin: 'fifty' is not a number"), m);
        m = refusal(ok.replace("setpointKelvin: 0.050", "setpointKelvin: 2.0"));
        assertTrue(m.matches("cfg\\.yaml:\\d+: loops\\[0\\]: loops\\.mxc\\.setpointKelvin 2\\.0 must be in \\(0, 1\\.0\\]"), m);
        m = refusal(ok.replace("upperBoundKelvin: 0.200", "upperBoundKelvin: 0.020"));
        assertTrue(m.contains("loops.mxc.zones[2].upper_bound_kelvin 0.02 must be above zone 1's 0.07"), m);
        m = refusal(ok.replace("heaterRange: 7,", "heaterRange: 9,"));
        assertTrue(m.contains("zones[3].heater_range 9 outside 1..8"), m);
        m = refusal(ok.replace("{sensor: mxc, limitKelvin", "{sensor: still, limitKelvin"));
        assertTrue(m.matches("cfg\\.yaml:\\d+: interlocks\\.overTemperature\\[0\\]\\.sensor: no sensor on stage 'still' \\(configured: mxc\\)"), m);
        m = refusal(ok.replace("sim-ruox-mxc-spline.340", "missing.340"));
        assertTrue(m.matches("cfg\\.yaml:\\d+: sensors\\[0\\]\\.curve: cannot read curve file 'curves/missing.340'.*"), m);
        m = refusal(ok.replace("mode: zone", "mode: fast"));
        assertTrue(m.contains("loops[0].mode: 'fast' is not a start-up mode"), m);
        m = refusal("nodeId: [a\n");
        assertTrue(m.startsWith("cfg.yaml:2: not valid YAML"), m);
        m = refusal("nodeId: x\nnodeId: y\n");
        assertEquals("cfg.yaml:2: nodeId given twice", m);
        // the line is right: the unknown key sits on the line we name
        int line = Integer.parseInt(refusal(ok.replace("    integralZoneKelvin: 0 ", "    integralZone: 0 ")).split(":")[1]);
        assertTrue(ok.replace("    integralZoneKelvin: 0 ", "    integralZone: 0 ").split("\n")[line - 1].contains("integralZone:"));
    }

    @Test
    void mqttDeadbandIsReadAndABadValueIsRefusedNamingTheKey() throws Exception {
        String ok = shipped();
        assertEquals(ControllerConfig.DEFAULT_DEADBAND_FRACTION, ConfigLoader.loadDefault().deadbandFraction(), "default without an mqtt section");
        String with = ok + "\nmqtt:\n  deadbandFraction: 0.02\n";
        ControllerConfig c = ConfigLoader.parse("cfg.yaml", with, name -> ShippedCurvesTest.resource(name.replace("curves/", "")));
        assertEquals(0.02, c.deadbandFraction());
        assertEquals(0.02, c.withNodeId("x").withFirmwareVersion("1").deadbandFraction(), "kept by the copies cryo run makes");
        int line = (int) with.lines().count();
        assertEquals("cfg.yaml:" + line + ": mqtt.deadbandFraction: 1.5 outside 0..1 (relative temperature change; 0 = report by exception off)",
                refusal(with.replace("0.02", "1.5")));
        String negative = refusal(with.replace("0.02", "-0.1"));
        assertTrue(negative.startsWith("cfg.yaml:" + line + ": mqtt.deadbandFraction: -0.1 outside 0..1"), negative);
        String m = refusal(with.replace("deadbandFraction", "deadband"));
        assertTrue(m.contains("mqtt.deadband: unknown key"), m);
    }

    @Test
    void loadsAFileWithCurvesNextToIt(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("curves"));
        Files.writeString(dir.resolve("curves/sim-ruox-mxc-spline.340"), ShippedCurvesTest.resource(ShippedCurvesTest.SPLINE));
        Files.writeString(dir.resolve("cryo.yaml"), shipped().replace("nodeId: sim-1", "nodeId: lab-7"));
        assertEquals("lab-7", ConfigLoader.load(dir.resolve("cryo.yaml")).nodeId());
        String m = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("nope.yaml"))).getMessage();
        assertTrue(m.contains("nope.yaml: cannot read"), m);
    }
}
