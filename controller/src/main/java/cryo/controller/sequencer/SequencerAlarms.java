package cryo.controller.sequencer;

import cryo.v1.AlarmCause;

/**
 * Where the sequencer raises its alarms (underflow, thermal budget). Called on the ring thread;
 * must hand off and return. The alarm subsystem plugs in here; the default drops them (the
 * sequencer's own status still reports the cause in {@code last_error}).
 */
@FunctionalInterface
public interface SequencerAlarms {
    SequencerAlarms NONE = (cause, message, value, limit, boardTicks) -> { };

    void raise(AlarmCause cause, String message, double value, double limit, long boardTicks);
}
