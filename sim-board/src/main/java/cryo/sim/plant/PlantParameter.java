package cryo.sim.plant;

/**
 * Every figure of the default plant, in one place, with its unit, its allowed range and where it comes
 * from. A user swaps in their own fridge by overriding keys in {@link PlantParameters}; the keys are the
 * names a scenario or plant file uses. "typical" means a public typical value (../shared/reference/CRYOSTAT.md),
 * "tuned" means chosen so the default plant lands in the ranges CRYOSTAT.md gives, "est." an order-of-magnitude
 * engineering estimate.
 */
public enum PlantParameter {

    // --- stages: copper masses (plate + shield + what is bolted to it) ---------------------------------
    MASS_50K("stage.50k.copper_kg", "kg", 25.0, 1e-3, 1e4, "est.: 50 K plate + radiation shield of a PT415-class dry DR"),
    MASS_4K("stage.4k.copper_kg", "kg", 20.0, 1e-3, 1e4, "est.: 4 K plate + shield"),
    MASS_STILL("stage.still.copper_kg", "kg", 4.0, 1e-3, 1e4, "est.: still plate + still shield"),
    MASS_COLD_PLATE("stage.cold-plate.copper_kg", "kg", 3.0, 1e-3, 1e4, "est."),
    MASS_MXC("stage.mxc.copper_kg", "kg", 3.0, 1e-3, 1e4, "est.: mixing-chamber plate and chamber body"),
    MASS_SAMPLE("stage.sample.copper_kg", "kg", 0.5, 0.0, 1e4, "est.: sample holder on a cold finger; 0 = no sample stage"),
    ROOM_K("room.temperature_k", "K", 295.0, 200.0, 350.0, "lab; outer vacuum can and start temperature"),

    // --- pulse tube (PT415 class) ------------------------------------------------------------------
    PT1_RATED_W("pt.stage1.rated_w", "W", 40.0, 0.0, 1e4, "typical: PT415 1st stage ~40 W at 45 K"),
    PT1_RATED_K("pt.stage1.rated_k", "K", 45.0, 1.0, 300.0, "typical: PT415 1st stage"),
    PT1_NO_LOAD_K("pt.stage1.no_load_k", "K", 30.0, 1.0, 300.0, "typical: PT415 1st stage no-load ~30 K"),
    PT1_MAX_W("pt.stage1.max_w", "W", 80.0, 0.0, 1e4, "tuned: saturation of the linear fit when warm (cooldown time)"),
    PT2_RATED_W("pt.stage2.rated_w", "W", 1.4, 0.0, 1e3, "typical: PT415 2nd stage 1.35-1.5 W at 4.2 K"),
    PT2_RATED_K("pt.stage2.rated_k", "K", 4.2, 0.5, 300.0, "typical: PT415 2nd stage"),
    PT2_NO_LOAD_K("pt.stage2.no_load_k", "K", 2.8, 0.5, 300.0, "typical: PT415 2nd stage no-load ~2.8 K"),
    PT2_MAX_W("pt.stage2.max_w", "W", 20.0, 0.0, 1e3, "tuned: saturation of the linear fit when warm (cooldown time)"),
    PT1_STOPPED_G("pt.stopped.stage1_w_per_k", "W/K", 0.05, 0.0, 100.0, "est.: a stopped pulse tube conducts room -> 1st stage"),
    PT2_STOPPED_G("pt.stopped.stage2_w_per_k", "W/K", 0.02, 0.0, 100.0, "est.: a stopped pulse tube conducts 1st -> 2nd stage"),
    // pulse-tube ripple: off (0 W) by default so every existing trace stays as it was; see withPulseTubeRipple
    PT_RIPPLE_HZ("pt.ripple.hz", "Hz", 1.4, 0.01, 100.0, "typical: PT415 compressor/rotary-valve cycle ~1.4 Hz"),
    PT1_RIPPLE_W("pt.ripple.stage1_w", "W", 0.0, 0.0, 1e3, "off by default; on: 4 W (~10 % of the rated 40 W), est."),
    PT2_RIPPLE_W("pt.ripple.stage2_w", "W", 0.0, 0.0, 1e2, "off by default; on: 0.12 W -> ~20 mK p-p on the 4 K plate, est."),

    // --- conduction through supports (AISI 304, NIST k(T)); shape factor A/L in metres ------------------
    LINK_ROOM_50K("link.room-50k.shape_m", "m", 1.5e-3, 0.0, 1.0, "est.: ~4 W through supports and wiring at 40 K"),
    LINK_50K_4K("link.50k-4k.shape_m", "m", 1.0e-3, 0.0, 1.0, "est.: ~0.1 W at 40 K / 3 K"),
    LINK_4K_STILL("link.4k-still.shape_m", "m", 2.0e-3, 0.0, 1.0, "est.: ~1 mW at 3 K / 0.8 K"),
    LINK_STILL_CP("link.still-cold-plate.shape_m", "m", 5.0e-4, 0.0, 1.0, "est.: ~10 uW at 0.8 K / 0.1 K"),
    LINK_CP_MXC("link.cold-plate-mxc.shape_m", "m", 1.0e-3, 0.0, 1.0, "est.: ~0.3 uW at 0.1 K / 0.01 K"),
    LINK_MXC_SAMPLE("link.mxc-sample.shape_m", "m", 1.0e-3, 0.0, 1.0, "est.: copper cold finger 1 cm^2 x 10 cm (OFHC, RRR 100)"),

    // --- radiation: effective emissivity x area of each stage towards the next warmer shield -------------
    RAD_50K("radiation.50k.emissivity_area_m2", "m2", 0.03, 0.0, 100.0, "est.: 1.5 m2 under MLI, eps_eff 0.02 -> ~14 W from 295 K"),
    RAD_4K("radiation.4k.emissivity_area_m2", "m2", 0.05, 0.0, 100.0, "est.: 1 m2, polished, eps 0.05"),
    RAD_STILL("radiation.still.emissivity_area_m2", "m2", 0.025, 0.0, 100.0, "est.: 0.5 m2, eps 0.05"),
    RAD_CP("radiation.cold-plate.emissivity_area_m2", "m2", 0.01, 0.0, 100.0, "est.: sees the still shield"),
    RAD_MXC("radiation.mxc.emissivity_area_m2", "m2", 0.01, 0.0, 100.0, "est.: sees the still shield"),
    RAD_SAMPLE("radiation.sample.emissivity_area_m2", "m2", 0.002, 0.0, 100.0, "est.: sees the still shield"),

    // --- fixed heat leaks (wiring Joule heat, vibration, residual gas, RF), watts ------------------------
    LEAK_50K("leak.50k_w", "W", 2.0, 0.0, 1e3, "est.: wiring and feedthroughs"),
    LEAK_4K("leak.4k_w", "W", 0.15, 0.0, 1e3, "est.: wiring, amplifiers idle (the 4 K budget is 1-1.5 W)"),
    LEAK_STILL("leak.still_w", "W", 1.0e-3, 0.0, 10.0, "est."),
    LEAK_CP("leak.cold-plate_w", "W", 10e-6, 0.0, 10.0, "est.: tens of uW at the cold plate"),
    LEAK_MXC("leak.mxc_w", "W", 3.0e-6, 0.0, 10.0, "tuned: parasitic load giving base 7-15 mK at the default circulation"),
    LEAK_SAMPLE("leak.sample_w", "W", 50e-9, 0.0, 10.0, "est.: sample wiring"),

    // --- pulse lines: a share of the board's pulse power travels down the drive, flux and readout lines and
    // is dissipated at the mixing chamber (its attenuators, the qubits). Off (0) by default so every existing
    // trace stays as it was; see PlantParameters.withPulseLineHeating
    LINE_MXC_FRACTION("wiring.pulse_mxc_fraction", "1", 0.0, 0.0, 1.0,
            "off by default; on: 0.006, est.: 8 mW of pulses put 48 uW on the mixing chamber, above its ~30 uW of dilution cooling at 30 mK"),

    // --- precool heat switches (gas gap) between 4 K - still - cold plate - mixing chamber ----------------
    SWITCH_G("switch.conductance_w_per_k", "W/K", 1.0, 0.0, 1e3, "est.: gas-gap heat switch, on while precooling and condensing"),

    // --- dilution unit ---------------------------------------------------------------------------------
    AUTO_SEQUENCE("dilution.auto_sequence", "0/1", 1.0, 0.0, 1.0, "precool -> condense -> circulate without an operator"),
    CONDENSE_4K_K("dilution.condense.max_4k_k", "K", 4.5, 1.0, 20.0, "est.: mixture condenses once the 4 K plate is below this"),
    CONDENSE_STILL_K("dilution.condense.max_still_k", "K", 5.0, 1.0, 20.0, "est.: ... and the still below this"),
    CONDENSE_RATE("dilution.condense.rate_mol_per_s", "mol/s", 0.4e-3, 0.0, 1.0, "est.: condensing flow limited by the 4 K capacity"),
    MIXTURE_MOL("dilution.mixture_mol", "mol", 3.0, 0.0, 100.0, "typical: 30-80 L STP of mixture in a dry DR"),
    CONDENSE_LATENT("dilution.condense.latent_j_per_mol", "J/mol", 80.0, 0.0, 1e3, "He-4 latent heat ~83 J/mol at 4.2 K (mixture is mostly He-4)"),
    GAS_CP("dilution.gas.cp_j_per_mol_k", "J/(mol K)", 20.79, 0.0, 100.0, "monatomic gas, 5/2 R"),
    STILL_LATENT("dilution.still.latent_j_per_mol", "J/mol", 40.0, 1.0, 1e3, "est.: heat per mol of He-3 evaporated at the still, order of the He-3 latent heat (30-40 J/mol); not checked against a primary source"),
    STILL_VAPOUR_K("dilution.still.vapour_scale_k", "K", 4.5, 0.1, 100.0, "He-3 vapour pressure ~exp(-T*/T), T* ~ L/R"),
    STILL_REF_K("dilution.still.reference_k", "K", 0.8, 0.1, 10.0, "reference still temperature for the flow below"),
    STILL_REF_FLOW("dilution.still.vapour_flow_mol_per_s", "mol/s", 0.75e-3, 0.0, 1.0, "tuned: vapour-limited flow at the reference temperature"),
    PUMP_MAX_FLOW("dilution.pump.max_flow_mol_per_s", "mol/s", 1.5e-3, 1e-9, 1.0, "typical: turbo-limited circulation of a large DR"),
    MXC_COEFF("dilution.mxc.coefficient_j_per_mol_k2", "J/(mol K2)", 84.0, 0.0, 1e3, "Pobell: Q = 84 n T^2 with perfect heat exchange"),
    CP_COEFF("dilution.cold-plate.coefficient_j_per_mol_k2", "J/(mol K2)", 10.0, 0.0, 1e3, "tuned: heat-exchanger share at the cold plate (50-150 mK)"),
    // --- the liquid: heat capacity, boundary resistance, He-4 taking over the still's vapour ---------------
    HE3_GAMMA("dilution.he3.gamma_j_per_mol_k2", "J/(mol K2)", 106.0, 1.0, 1e3,
            "Pobell: C = 106 T J/(mol K) per mol He-3 in the 6.6 % dilute phase (Fermi liquid, T_F ~ 0.4 K); capped at 3/2 R"),
    MXC_HE3_MOL("dilution.mxc.he3_mol", "mol", 0.05, 0.0, 10.0,
            "typical: a few hundredths of a mol of He-3 in the dilute phase (tens of cm3 at ~2.4 mmol/cm3; CRYOSTAT.md)"),
    STILL_HE3_MOL("dilution.still.he3_mol", "mol", 0.02, 0.0, 10.0,
            "est.: ~1 % He-3 in ~2 mol of still liquid; classical (3/2 R) at 0.8 K -> ~0.25 J/K, 7x the still plate's copper"),
    KAPITZA_AREA("dilution.mxc.sinter_area_m2", "m2", 50.0, 0.0, 1e4, "est.: silver sinter in the mixing chamber, ~1 m2/g, tens of grams"),
    KAPITZA_KAPPA("dilution.mxc.kapitza_k4_m2_per_w", "K4 m2/W", 0.05, 1e-6, 1e3,
            "est.: R_K A T^3 for He against metal sinter, order 0.01-0.1 (Pobell, ch. 4); 0.05 -> G = 8 mW/K at 20 mK"),
    STILL_HE3_CUTOFF_LOW_K("dilution.still.he3_cutoff_low_k", "K", 1.0, 0.1, 10.0,
            "est.: below this the still's vapour is nearly all He-3 (Pobell: a still runs at 0.6-0.9 K)"),
    STILL_HE3_CUTOFF_HIGH_K("dilution.still.he3_cutoff_high_k", "K", 1.6, 0.1, 10.0,
            "est.: above this the vapour is He-4 and no He-3 circulates (smooth step in between)"),
    PHASE_SEPARATION_K("dilution.phase_separation_k", "K", 0.87, 0.1, 2.0, "He-3/He-4 phase separation; no dilution cooling above"),
    EVAPORATED_STILL_K("dilution.evaporated.still_k", "K", 6.0, 1.0, 50.0, "est.: above this the condensed mixture has boiled off"),

    // --- vacuum ----------------------------------------------------------------------------------------
    VACUUM_G("vacuum.gas_w_per_k_pa", "W/(K Pa)", 0.5, 0.0, 1e3, "free-molecular He, ~1 m2 per link, accommodation ~0.5"),

    // --- integrator ------------------------------------------------------------------------------------
    MAX_SUBSTEP_S("integrator.max_substep_s", "s", 10.0, 1e-6, 3600.0, "accuracy cap on one backward-Euler step");

    private final String key;
    private final String unit;
    private final double defaultValue;
    private final double min;
    private final double max;
    private final String source;

    PlantParameter(String key, String unit, double defaultValue, double min, double max, String source) {
        this.key = key;
        this.unit = unit;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.source = source;
    }

    public String key() {
        return key;
    }

    public String unit() {
        return unit;
    }

    public double defaultValue() {
        return defaultValue;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public String source() {
        return source;
    }

    /** The parameter for a key, or an exception naming the unknown key. */
    public static PlantParameter fromKey(String key) {
        for (PlantParameter p : values()) {
            if (p.key.equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown plant parameter '" + key + "'");
    }
}
