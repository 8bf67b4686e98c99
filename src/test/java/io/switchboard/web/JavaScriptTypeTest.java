package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaScriptTypeTest {

    @Test
    void theOldJavaScriptNamesBecomeTextJavascriptKeepingTheirParameters() {
        assertThat(JavaScriptType.normal("application/javascript")).isEqualTo("text/javascript");
        assertThat(JavaScriptType.normal("Application/X-JavaScript;charset=UTF-8")).isEqualTo("text/javascript;charset=UTF-8");
        assertThat(JavaScriptType.normal("text/ecmascript")).isEqualTo("text/javascript");
    }

    @Test
    void otherTypesPassUnchanged() {
        assertThat(JavaScriptType.normal("text/html;charset=ISO-8859-1")).isEqualTo("text/html;charset=ISO-8859-1");
        assertThat(JavaScriptType.normal("application/json")).isEqualTo("application/json");
        assertThat(JavaScriptType.normal(null)).isNull();
    }
}
