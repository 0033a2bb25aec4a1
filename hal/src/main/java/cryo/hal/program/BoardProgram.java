package cryo.hal.program;

import cryo.hal.regmap.CryoCmosRegisters;

/**
 * A program image as the board stores it: instructions, entry table and pulse definitions, each
 * a word array sized to its content, and the CRC-32 over all three. Built by {@link ProgramBuilder}
 * off the ring thread; immutable after; the ring thread only reads it while uploading.
 */
public final class BoardProgram {
    private final int[] instructions;
    private final int[] entries;
    private final int[] definitions;
    private final int crc;

    BoardProgram(int[] instructions, int[] entries, int[] definitions) {
        this.instructions = instructions;
        this.entries = entries;
        this.definitions = definitions;
        this.crc = ProgramCrc.of(instructions, instructionCount(), entries, entryCount(), definitions, definitionCount());
    }

    public int instructionCount() {
        return instructions.length / ProgramIsa.INSTRUCTION_WORDS;
    }

    public int entryCount() {
        return entries.length / ProgramIsa.ENTRY_WORDS;
    }

    public int definitionCount() {
        return definitions.length / ProgramIsa.DEFINITION_WORDS;
    }

    /** Words the upload writes (instructions, entries, definitions). */
    public int words() {
        return instructions.length + entries.length + definitions.length;
    }

    public int crc() {
        return crc;
    }

    /** The words of a region ({@code CryoCmosRegisters.PROG_REGION_*}); the caller must not change them. */
    public int[] region(int region) {
        switch (region) {
            case CryoCmosRegisters.PROG_REGION_INSTRUCTIONS: return instructions;
            case CryoCmosRegisters.PROG_REGION_ENTRIES: return entries;
            case CryoCmosRegisters.PROG_REGION_DEFINITIONS: return definitions;
            default: throw new IllegalArgumentException("region " + region + " outside 0..2");
        }
    }

    /** The definition entry {@code i} plays. */
    public int entryDefinition(int i) {
        return entries[i * ProgramIsa.ENTRY_WORDS + 1];
    }

    /** Checks the program as the board will at load; returns the checker (its error is NONE when the board will accept it). */
    public ProgramChecker check() {
        ProgramChecker c = new ProgramChecker();
        c.check(instructions, instructionCount(), entries, entryCount(), definitions, definitionCount());
        return c;
    }
}
