package cryo.deploy.boot;

import cryo.deploy.slot.SlotName;

/** What one {@link Loader#step} did. */
public sealed interface StepResult {

    /** A slot was launched and has ended. */
    record Booted(SlotName slot, String version, BootOutcome outcome) implements StepResult {
    }

    /** The state changed (slot marked bad, rollback); call step again. */
    record Changed(String description) implements StepResult {
    }

    /** No slot can boot: the caller runs safe mode. */
    record SafeModeRequired(String reason) implements StepResult {
    }
}
