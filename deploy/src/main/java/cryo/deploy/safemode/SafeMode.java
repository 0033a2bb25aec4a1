package cryo.deploy.safemode;

import cryo.deploy.boot.Loader;
import cryo.deploy.boot.LoaderClock;
import cryo.deploy.bundle.BundleRefusedException;
import cryo.deploy.slot.SlotName;
import cryo.hal.bus.BusException;
import cryo.hal.bus.RegisterBus;
import cryo.v1.CommandResult;
import cryo.v1.NodeMode;
import cryo.v1.Status;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * When no slot can boot: the loader itself puts the board in the safe state, publishes a SAFE
 * status every period, and waits for a bundle from the inbox or an authorised MQTT command.
 * It never kicks the board's watchdog, so the board keeps heaters off on its own as well.
 */
public final class SafeMode {
    private final Loader loader;
    private final BoardConnector board;
    private final SafeModeLink link;
    private final BlockingQueue<InstallRequest> mqttInstalls;
    private final Inbox inbox;
    private final LoaderClock clock;
    private final String nodeId;
    private final long periodMillis;
    private final Consumer<String> log;
    private int seq;

    public SafeMode(Loader loader, BoardConnector board, SafeModeLink link, BlockingQueue<InstallRequest> mqttInstalls,
                    Inbox inbox, LoaderClock clock, String nodeId, long periodMillis, Consumer<String> log) {
        this.loader = loader;
        this.board = board;
        this.link = link;
        this.mqttInstalls = mqttInstalls;
        this.inbox = inbox;
        this.clock = clock;
        this.nodeId = nodeId;
        this.periodMillis = periodMillis;
        this.log = log;
    }

    /**
     * Runs until a bundle is installed (returns its slot) or {@code stop} says so (returns null).
     */
    public SlotName run(String reason, BooleanSupplier stop) throws IOException {
        log.accept("SAFE MODE: " + reason);
        String boardNote = "";
        boolean boardSafe = false;
        long nextPeriod = clock.monotonicMillis();
        while (!stop.getAsBoolean()) {
            long now = clock.monotonicMillis();
            if (now >= nextPeriod) {
                nextPeriod = now + periodMillis;
                if (!boardSafe) {
                    // retried every period until the board answers: it may still be starting
                    try (RegisterBus bus = board.open()) {
                        boardNote = BoardSafing.driveSafe(bus);
                        boardSafe = true;
                        log.accept(boardNote);
                    } catch (BusException e) {
                        boardNote = "board not (fully) safe, relying on its watchdog: " + e.getMessage();
                        log.accept(boardNote);
                    }
                }
                link.publish(status(reason + "; " + boardNote));
                SlotName fromInbox = inbox.installNext(loader);
                if (fromInbox != null) {
                    return fromInbox;
                }
            }
            InstallRequest request;
            try {
                request = mqttInstalls.poll(Math.max(1, Math.min(nextPeriod - clock.monotonicMillis(), periodMillis)),
                        TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (request != null) {
                SlotName slot = install(request);
                if (slot != null) {
                    return slot;
                }
            }
        }
        return null;
    }

    private SlotName install(InstallRequest r) throws IOException {
        String name = "mqtt:" + r.correlationId();
        CommandResult.Builder result = CommandResult.newBuilder().setCorrelationId(r.correlationId()).setNodeId(nodeId)
                .setOperatorId(r.operatorId());
        try {
            SlotName slot = loader.install(name, r.bundle());
            log.accept("installed " + name + " from operator " + r.operatorId() + " into slot " + slot.id());
            link.answer(result.setAccepted(true).setReason("installed into slot " + slot.id() + "; booting on trial").build());
            return slot;
        } catch (BundleRefusedException e) {
            log.accept(e.getMessage());
            link.answer(result.setAccepted(false).setReason(e.getMessage()).build());
            return null;
        }
    }

    private Status status(String reason) {
        seq = (seq + 1) & 0xFF;
        return Status.newBuilder().setNodeId(nodeId).setMode(NodeMode.NODE_MODE_SAFE).setModeReason(reason).setSeq(seq)
                .setFirmwareVersion("").build();
    }
}
