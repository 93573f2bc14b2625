package dev.labconsole.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labconsole.runtime.model.ModelException;
import org.junit.jupiter.api.Test;

class ModelServerTest {

    @Test
    void aModelProblemIsShownAsItIsWritten() {
        assertThat(ModelServer.whyNotLoaded(new ModelException("model.pt is not a TorchScript file: export it again")))
                .isEqualTo("model.pt is not a TorchScript file: export it again");
    }

    @Test
    void anUnexpectedErrorWithoutAMessageIsNamedNotShownAsNull() {
        String why = ModelServer.whyNotLoaded(new NullPointerException());

        assertThat(why).doesNotContain("null").startsWith("NullPointerException")
                .contains("unexpected error");
    }

    @Test
    void anEngineErrorShowsItsFirstLineNotItsBacktrace() {
        String why = ModelServer.whyNotLoaded(new IllegalStateException(
                "Unknown builtin op: aten::foo\nException raised from ... at /pytorch/torch/csrc/jit/...cpp:123"));

        assertThat(why).startsWith("Unknown builtin op: aten::foo").doesNotContain("pytorch/torch").doesNotContain("\n");
    }
}
