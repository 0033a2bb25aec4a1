package cryo.controller.interlock;

import cryo.controller.app.ControlTimer;
import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.hal.bus.TcpRegisterBus;
import cryo.hal.device.BoardClock;
import cryo.sim.sensor.RuOxSensor;
import java.util.concurrent.locks.LockSupport;

/**
 * The controller as its own process, against a simulated board served over TCP: for the test
 * that kills it. Args: board port, watchdog timeout in ms. Prints RUNNING once ticking; exits by
 * itself after 60 s so a failed test never leaks a process.
 */
public final class ControllerChildMain {
    private ControllerChildMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int watchdogMillis = Integer.parseInt(args[1]);
        ControllerConfig base = DefaultConfig.mixingChamber("child-1", RuOxSensor.typical("sim-ruox-mxc").curve());
        ControllerConfig cfg = new ControllerConfig(base.nodeId(), base.firmwareVersion(), base.tickIntervalSeconds(),
                base.statusIntervalSeconds(), watchdogMillis, base.sensors(), base.loops(),
                base.overTemperature(), base.interlocks());
        long start = System.nanoTime();
        BoardClock clock = () -> System.nanoTime() - start;
        Controller c = Controller.create(cfg, new TcpRegisterBus("127.0.0.1", port, 1000), clock,
                ControlRing.defaultWaitStrategy(), (cmd, ok, why, t) -> { }).start();
        new ControlTimer(c, clock, cfg.tickIntervalSeconds()).start();
        System.out.println("RUNNING");
        System.out.flush();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000_000L);
        }
        System.exit(3);
    }
}
