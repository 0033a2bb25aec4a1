package cryo.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.device.StageId;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracePlotTest {
    @Test
    void drawsReadingAndPidSetpointBesideTheTrueTemperatureAndEveryMarker(@TempDir Path dir) throws Exception {
        SimulatedBoard board = SimulatedBoards.cryostatAtBase(1);
        double[] now = {0};
        // the mxc loop reads 3 mK low (a sensor offset), goes to PID at 30 mK after a minute; the still loop stays off
        TraceRecorder trace = new TraceRecorder(board, 1.0)
                .addColumn("still_read_k", () -> board.plant().temperatureKelvin(StageId.STILL))
                .addColumn("still_setpoint_k", () -> 0.8)
                .addColumn("still_mode", () -> 1)
                .addColumn("mxc_read_k", () -> board.plant().temperatureKelvin(StageId.MXC) - 0.003)
                .addColumn("mxc_setpoint_k", () -> 0.030)
                .addColumn("mxc_mode", () -> now[0] >= 60 ? TracePlot.PID_MODE : 1);
        for (int i = 0; i <= 120; i++) {
            trace.record(now[0]);
            board.update(1.0);
            now[0] += 1.0;
        }
        List<TracePlot.Marker> markers = List.of(new TracePlot.Marker(60, "mxc pid 30 mK", false),
                new TracePlot.Marker(100, "TRIP rate of rise on mxc: 0.02 K/s > 0.01", true));

        Path png = dir.resolve("p.png");
        TracePlot.Drawn drawn = TracePlot.write(png, "test", trace, markers);

        for (String s : new String[] {"temperature: mxc true", "temperature: mxc read", "temperature: mxc setpoint",
            "temperature: still read", "mxc panel: mxc true", "mxc panel: mxc read", "mxc panel: mxc setpoint"}) {
            assertTrue(drawn.series().contains(s), s + " in " + drawn.series());
        }
        assertFalse(drawn.series().contains("temperature: still setpoint"), "a loop never in PID has no setpoint to show");
        assertFalse(drawn.series().contains("temperature: 50k read"), "no reading column, no line");
        assertEquals(List.of("mxc pid 30 mK", "TRIP rate of rise on mxc: 0.02 K/s > 0.01"), drawn.markers());
        assertEquals(1400, ImageIO.read(png.toFile()).getWidth());
    }
}
