package cryo.sim.plant;

/** The state of the dilution unit's mixture. */
public enum DilutionPhase {
    /** mixture in the dump; heat switches couple still, cold plate and mixing chamber to the 4 K plate */
    PRECOOL,
    /** mixture condensing into the still and mixing chamber; switches still on */
    CONDENSING,
    /** switches off, still pumped: evaporation cools the still, dilution cools the mixing chamber */
    CIRCULATING
}
