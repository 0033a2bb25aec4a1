package cryo.deploy.boot;

import cryo.deploy.bundle.Bundle;
import cryo.deploy.bundle.BundleRefusedException;
import cryo.deploy.bundle.BundleVerifier;
import cryo.deploy.bundle.ManifestChecks;
import cryo.deploy.bundle.TrustedKeys;
import cryo.deploy.bundle.Versions;
import cryo.deploy.fs.FileStore;
import cryo.deploy.slot.SlotLayout;
import cryo.deploy.slot.SlotName;
import cryo.deploy.state.SlotRecord;
import cryo.deploy.slot.SlotState;
import cryo.deploy.slot.SlotVerifier;
import cryo.deploy.slot.SlotWriter;
import cryo.deploy.state.LoaderState;
import cryo.deploy.state.StateStore;
import cryo.v1.FirmwareManifest;
import cryo.deploy.bundle.BundleHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The loader's decisions: install into the inactive slot, pick and boot a slot with tries,
 * confirm, roll back, or ask for safe mode. Every state change is one atomic state-record save,
 * so a power cut between any two file operations leaves a state the next start can act on.
 */
public final class Loader {
    private final SlotLayout layout;
    private final StateStore stateStore;
    private final SlotWriter slotWriter;
    private final SlotVerifier slotVerifier;
    private final BundleVerifier bundleVerifier;
    private final FirmwareLauncher launcher;
    private final LoaderClock clock;
    private final LoaderSettings settings;
    private final List<String> alarms = new ArrayList<>();
    private final FileStore store;

    public Loader(SlotLayout layout, FileStore store, TrustedKeys trusted, LoaderSettings settings,
                  FirmwareLauncher launcher, LoaderClock clock) throws IOException {
        this.layout = layout;
        this.settings = settings;
        this.launcher = launcher;
        this.clock = clock;
        this.store = store;
        this.stateStore = new StateStore(store, layout.stateDir());
        this.slotWriter = new SlotWriter(store, layout);
        this.slotVerifier = new SlotVerifier(store, layout, trusted, Versions.LOADER_VERSION);
        this.bundleVerifier = new BundleVerifier(trusted, settings.limits(), Versions.LOADER_VERSION);
        StateStore.LoadResult loaded = stateStore.load();
        alarms.addAll(loaded.problems());
        if (loaded.defaulted()) {
            alarms.add("no usable state record: both slots treated as empty (safe default); install a bundle to recover");
        }
    }

    public LoaderState state() {
        return stateStore.current();
    }

    /** Problems found at start (unusable state copies); shown by status and in safe mode. */
    public List<String> alarms() {
        return List.copyOf(alarms);
    }

    public SlotLayout layout() {
        return layout;
    }

    /** Checks a bundle as install would, without writing anything. */
    public Bundle check(String name, byte[] bytes) throws BundleRefusedException {
        return bundleVerifier.verify(name, bytes, state().securityCounter());
    }

    /**
     * Verifies the bundle, then writes it into the slot that is not the fallback: marked bad
     * before writing, trial (and next to boot) after. The running/good slot is never touched.
     *
     * @return the slot written
     */
    public SlotName install(String name, byte[] bytes) throws BundleRefusedException, IOException {
        return install(name, bytes, false);
    }

    /**
     * As {@link #install(String, byte[])}; {@code allowCounterJump} is the deliberate operator step
     * that lets one bundle raise the security counter by more than {@link ManifestChecks#MAX_COUNTER_STEP}.
     */
    public SlotName install(String name, byte[] bytes, boolean allowCounterJump) throws BundleRefusedException, IOException {
        Bundle bundle = bundleVerifier.verify(name, bytes, state().securityCounter(), allowCounterJump);
        return install(name, bundle.manifest(), slot -> slotWriter.write(slot, bundle));
    }

    /**
     * As {@link #install(String, byte[], boolean)}, for a bundle file in the store, streamed twice
     * (verify, then write while hashing again), so its size never decides the loader's memory.
     */
    public SlotName install(String name, Path file, boolean allowCounterJump) throws BundleRefusedException, IOException {
        BundleHeader h = check(name, file, allowCounterJump);
        return install(name, h.manifest(), slot -> {
            try (InputStream in = store.openRead(file)) {
                in.skipNBytes(h.payloadOffset());
                slotWriter.write(slot, name, h.manifest(), h.manifestBytes(), h.signatureBlock(), in);
            }
        });
    }

    /** Checks a bundle file as install would, streaming it, without writing anything. */
    public BundleHeader check(String name, Path file, boolean allowCounterJump) throws BundleRefusedException, IOException {
        try (InputStream in = store.openRead(file)) {
            return bundleVerifier.verify(name, in, store.size(file), state().securityCounter(), allowCounterJump);
        }
    }

    private interface SlotFill {
        void write(SlotName slot) throws IOException, BundleRefusedException;
    }

    private SlotName install(String name, FirmwareManifest m, SlotFill fill) throws BundleRefusedException, IOException {
        LoaderState s = state();
        SlotName active = s.active();
        SlotRecord activeRecord = s.slot(active);
        if (activeRecord.state() == SlotState.TRIAL && activeRecord.triesLeft() > 0) {
            throw new BundleRefusedException(name, "node state", "no trial boot in progress",
                    "slot " + active.id() + " on trial with " + activeRecord.version() + " (wait for its confirmation or rollback)");
        }
        SlotName target = targetSlot(s);
        s = stateStore.save(s.withSlot(target, new SlotRecord(SlotState.BAD, "", 0, 0,
                "installing " + m.getVersion() + " from " + name)));
        fill.write(target);
        stateStore.save(s.withSlot(target, new SlotRecord(SlotState.TRIAL, m.getVersion(), settings.bootTries(),
                m.getSecurityCounter(), "installed from " + name)).withActive(target));
        return target;
    }

    /** The slot an install writes: never a good slot that the node could fall back to. */
    private static SlotName targetSlot(LoaderState s) {
        SlotName active = s.active();
        if (s.slot(active).state() == SlotState.GOOD) {
            return active.other();
        }
        if (s.slot(active.other()).state() == SlotState.GOOD) {
            return active;
        }
        return active.other();
    }

    /** One decision: boot the active slot, or mark it bad, or roll back, or ask for safe mode. */
    public StepResult step(BooleanSupplier stopRequested) throws IOException {
        LoaderState s = state();
        SlotName active = s.active();
        SlotRecord r = s.slot(active);
        if (r.bootable()) {
            if (r.triesLeft() <= 0) {
                return markBad(active, "no boot tries left (last: " + lastOutcomeOf(s, active) + ")");
            }
            if (Long.compareUnsigned(r.securityCounter(), s.securityCounter()) < 0) {
                return markBad(active, "security counter " + r.securityCounter() + " below the node's " + s.securityCounter());
            }
            FirmwareManifest manifest;
            try {
                manifest = slotVerifier.verify(active);
            } catch (BundleRefusedException e) {
                return markBad(active, "failed verification before boot: " + e.getMessage());
            }
            if (!manifest.getVersion().equals(r.version()) || manifest.getSecurityCounter() != r.securityCounter()) {
                return markBad(active, "slot holds " + manifest.getVersion() + " (counter " + manifest.getSecurityCounter()
                        + "), record expects " + r.version() + " (counter " + r.securityCounter() + ")");
            }
            boolean trial = r.state() == SlotState.TRIAL;
            // the try is spent before launching, so a power cut or hang during boot still counts
            stateStore.save(s.withSlot(active, r.withTriesLeft(r.triesLeft() - 1))
                    .withLastBoot(active, "started " + manifest.getVersion() + (trial ? " on trial" : ""), clock.unixMillis()));
            BootOutcome outcome = launcher.boot(new BootRequest(active, layout.payloadDir(active), manifest, trial, stopRequested),
                    () -> confirm(active));
            stateStore.save(state().withLastBoot(active, outcome.description(), clock.unixMillis()));
            return new StepResult.Booted(active, manifest.getVersion(), outcome);
        }
        SlotName other = active.other();
        SlotRecord o = s.slot(other);
        if (o.bootable() && o.triesLeft() > 0 && Long.compareUnsigned(o.securityCounter(), s.securityCounter()) >= 0) {
            stateStore.save(s.withActive(other));
            return new StepResult.Changed("rolled back from slot " + active.id() + " to slot " + other.id() + " (" + o.version() + ")");
        }
        return new StepResult.SafeModeRequired(safeModeReason(s));
    }

    /** Operator rollback: boot the other good slot next. The current slot stays as it is unless on trial. */
    public SlotName rollback() throws IOException, RefusedException {
        LoaderState s = state();
        SlotName active = s.active();
        SlotName other = active.other();
        SlotRecord o = s.slot(other);
        if (o.state() != SlotState.GOOD) {
            throw new RefusedException("rollback refused: slot " + other.id() + " state: expected good, found " + o.state().id());
        }
        if (Long.compareUnsigned(o.securityCounter(), s.securityCounter()) < 0) {
            throw new RefusedException("rollback refused: slot " + other.id() + " security counter: expected at least "
                    + s.securityCounter() + ", found " + o.securityCounter() + " (rollback barrier)");
        }
        LoaderState next = s.withActive(other).withSlot(other, o.withTriesLeft(settings.bootTries()));
        SlotRecord r = s.slot(active);
        if (r.state() == SlotState.TRIAL) {
            next = next.withSlot(active, r.withState(SlotState.BAD, "trial abandoned by operator rollback"));
        }
        stateStore.save(next);
        return other;
    }

    private void confirm(SlotName slot) throws IOException {
        LoaderState s = state();
        SlotRecord r = s.slot(slot);
        long counter = Long.compareUnsigned(r.securityCounter(), s.securityCounter()) > 0 ? r.securityCounter() : s.securityCounter();
        // the rollback barrier: the counter rises only after the new firmware proved itself
        // the last boot now reads as confirmed, not as the trial it started as
        stateStore.save(s.withSlot(slot, new SlotRecord(SlotState.GOOD, r.version(), settings.bootTries(), r.securityCounter(),
                "confirmed")).withSecurityCounter(counter)
                .withLastBoot(slot, "running " + r.version() + ", confirmed", s.lastBootUnixMillis()));
    }

    private StepResult markBad(SlotName slot, String why) throws IOException {
        LoaderState s = state();
        stateStore.save(s.withSlot(slot, s.slot(slot).withState(SlotState.BAD, why)));
        return new StepResult.Changed("slot " + slot.id() + " marked bad: " + why);
    }

    private static String lastOutcomeOf(LoaderState s, SlotName slot) {
        return slot.id().equals(s.lastBootSlot()) ? s.lastBootOutcome() : "unknown";
    }

    private String safeModeReason(LoaderState s) {
        StringBuilder b = new StringBuilder("no bootable slot:");
        for (SlotName n : SlotName.values()) {
            SlotRecord r = s.slot(n);
            b.append(" slot ").append(n.id()).append(' ').append(r.state().id());
            if (!r.version().isEmpty()) {
                b.append(' ').append(r.version());
            }
            if (!r.note().isEmpty()) {
                b.append(" (").append(r.note()).append(')');
            }
            b.append(';');
        }
        for (String a : alarms) {
            b.append(" alarm: ").append(a).append(';');
        }
        return b.toString();
    }

    /** An operator request the loader will not carry out; the message says why. */
    public static final class RefusedException extends Exception {
        public RefusedException(String message) {
            super(message);
        }
    }
}
