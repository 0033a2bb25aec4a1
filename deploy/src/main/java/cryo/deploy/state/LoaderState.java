package cryo.deploy.state;

import cryo.deploy.slot.SlotName;

/**
 * The loader's durable state: both slots, which one boots next, the anti-rollback counter and the
 * last boot's outcome. Immutable; the with-methods return changed copies. The generation is set by
 * {@link StateStore} when a copy is written.
 */
public record LoaderState(long generation, SlotName active, long securityCounter, SlotRecord slotA, SlotRecord slotB,
                          String lastBootSlot, String lastBootOutcome, long lastBootUnixMillis) {

    /** A node with nothing installed: both slots empty, A active, counter 0. */
    public static final LoaderState FRESH = new LoaderState(0, SlotName.A, 0, SlotRecord.EMPTY, SlotRecord.EMPTY, "", "", 0);

    public LoaderState {
        lastBootSlot = SlotRecord.oneLine(lastBootSlot);
        lastBootOutcome = SlotRecord.oneLine(lastBootOutcome);
    }

    public SlotRecord slot(SlotName slot) {
        return slot == SlotName.A ? slotA : slotB;
    }

    public LoaderState withSlot(SlotName slot, SlotRecord record) {
        return slot == SlotName.A
                ? new LoaderState(generation, active, securityCounter, record, slotB, lastBootSlot, lastBootOutcome, lastBootUnixMillis)
                : new LoaderState(generation, active, securityCounter, slotA, record, lastBootSlot, lastBootOutcome, lastBootUnixMillis);
    }

    public LoaderState withActive(SlotName slot) {
        return new LoaderState(generation, slot, securityCounter, slotA, slotB, lastBootSlot, lastBootOutcome, lastBootUnixMillis);
    }

    public LoaderState withSecurityCounter(long counter) {
        return new LoaderState(generation, active, counter, slotA, slotB, lastBootSlot, lastBootOutcome, lastBootUnixMillis);
    }

    public LoaderState withGeneration(long newGeneration) {
        return new LoaderState(newGeneration, active, securityCounter, slotA, slotB, lastBootSlot, lastBootOutcome, lastBootUnixMillis);
    }

    public LoaderState withLastBoot(SlotName slot, String outcome, long unixMillis) {
        return new LoaderState(generation, active, securityCounter, slotA, slotB, slot.id(), outcome, unixMillis);
    }
}
