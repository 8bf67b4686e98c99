package io.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void missingParametersMeanTheFirstPageOfFiftyUnfiltered() {
        assertThat(Paging.parse(null, null, null, 200)).isEqualTo(new Paging("", 0, 50));
    }

    @Test
    void aLimitAboveTheConfiguredPageSizeIsCutToIt() {
        assertThat(Paging.parse("x", "10", "100000", 200).limit()).isEqualTo(200);
    }

    @Test
    void negativeOrNonNumericOffsetsAndLimitsAnswer400() {
        assertThatThrownBy(() -> Paging.parse(null, "-1", null, 200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Paging.parse(null, null, "0", 200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Paging.parse(null, "ten", null, 200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Paging.parse("x".repeat(201), null, null, 200)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFilterMatchesAnyPartIgnoringCase() {
        Paging paging = Paging.parse(" Ali ", null, null, 200);
        assertThat(paging.matches("alice")).isTrue();
        assertThat(paging.matches("MALIK")).isTrue();
        assertThat(paging.matches("bob")).isFalse();
        assertThat(paging.matches(null)).isFalse();
        assertThat(Paging.parse("", null, null, 200).matches(null)).isTrue();
    }
}
