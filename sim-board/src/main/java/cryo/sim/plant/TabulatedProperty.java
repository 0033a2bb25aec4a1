package cryo.sim.plant;

import java.util.function.DoubleUnaryOperator;

/**
 * A material property f(T) sampled on the {@link TemperatureGrid}, linear in T inside each cell, together
 * with its exact integral F(T) = ∫₀ᵀ f dT. Heat capacity and stored energy (or conductivity and the
 * conductivity integral) come from the same piecewise-linear f, so the integrator's energy bookkeeping is
 * consistent to rounding: dF/dT is exactly the f the Newton Jacobian uses.
 */
final class TabulatedProperty {

    private final double[] value;
    private final double[] slope;
    private final double[] integral;

    TabulatedProperty(DoubleUnaryOperator f) {
        int n = TemperatureGrid.SIZE;
        value = new double[n];
        slope = new double[n];
        integral = new double[n];
        for (int i = 0; i < n; i++) {
            value[i] = f.applyAsDouble(TemperatureGrid.node(i));
        }
        for (int i = 0; i < n - 1; i++) {
            slope[i] = (value[i + 1] - value[i]) / (TemperatureGrid.node(i + 1) - TemperatureGrid.node(i));
        }
        slope[n - 1] = slope[n - 2];
        // below the first node f is taken linear from 0 (all our properties vanish at 0 K)
        integral[0] = 0.5 * value[0] * TemperatureGrid.node(0);
        for (int i = 0; i < n - 1; i++) {
            double w = TemperatureGrid.node(i + 1) - TemperatureGrid.node(i);
            integral[i + 1] = integral[i] + value[i] * w + 0.5 * slope[i] * w * w;
        }
    }

    /** f(T), with {@code cell == TemperatureGrid.cell(kelvin)}. */
    double value(int cell, double kelvin) {
        return value[cell] + slope[cell] * (kelvin - TemperatureGrid.node(cell));
    }

    /** ∫₀ᵀ f dT, with {@code cell == TemperatureGrid.cell(kelvin)}. */
    double integral(int cell, double kelvin) {
        double d = kelvin - TemperatureGrid.node(cell);
        return integral[cell] + value[cell] * d + 0.5 * slope[cell] * d * d;
    }

    double value(double kelvin) {
        return value(TemperatureGrid.cell(kelvin), kelvin);
    }

    double integral(double kelvin) {
        return integral(TemperatureGrid.cell(kelvin), kelvin);
    }
}
