package cryo.hal.regmap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Counter32Test {
    @Test
    void countsAcrossTheWrap() {
        assertEquals(5, Counter32.delta(12, 7));
        assertEquals(0, Counter32.delta(0xFFFF_FFFFL, 0xFFFF_FFFFL));
        assertEquals(103, Counter32.delta(3, 0xFFFF_FF9CL), "100 up to the wrap, 3 after");
        assertEquals(103, Counter32.delta(3, -100), "a sign-extended read counts the same");
    }
}
