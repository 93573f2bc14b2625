package dev.labconsole.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSpecTest {

    @TempDir
    Path folder;

    private void write(String name, String content) throws IOException {
        Files.writeString(folder.resolve(name), content);
    }

    private void validFolder() throws IOException {
        write("model.properties", "engine=PyTorch\nmodel=model.pt\ntokenizer=huggingface\nlabels=labels.txt\nmaxLength=64\nname=m\n");
        write("model.pt", "weights");
        write("tokenizer.json", "{}");
        write("labels.txt", "negative\npositive\n\n");
    }

    @Test
    void readsTheConventionAndItsDefaults() throws IOException {
        validFolder();
        ModelSpec spec = ModelSpec.read(folder);
        assertThat(spec.engine()).isEqualTo(Engine.PYTORCH);
        assertThat(spec.labels()).containsExactly("negative", "positive");
        assertThat(spec.maxLength()).isEqualTo(64);
        assertThat(spec.tokenizerFile()).isEqualTo(folder.resolve("tokenizer.json"));
        assertThat(spec.addSpecialTokens()).isTrue();
        assertThat(spec.outputsAreProbabilities()).isFalse();
        assertThat(spec.name()).isEqualTo("m");
    }

    @Test
    void aFolderWithoutPropertiesSaysWhatAModelFolderHolds() {
        assertThatThrownBy(() -> ModelSpec.read(folder))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("has no model.properties")
                .hasMessageContaining("labels.txt");
    }

    @Test
    void aMissingFolderIsNamed() {
        assertThatThrownBy(() -> ModelSpec.read(folder.resolve("nope")))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void anUnknownEngineListsTheKnownOnes() throws IOException {
        validFolder();
        write("model.properties", "engine=TensorFlow\nmodel=model.pt\n");
        assertThatThrownBy(() -> ModelSpec.read(folder))
                .hasMessageContaining("unknown engine 'TensorFlow'")
                .hasMessageContaining("PyTorch, OnnxRuntime");
    }

    @Test
    void aMissingModelFileIsNamed() throws IOException {
        validFolder();
        Files.delete(folder.resolve("model.pt"));
        assertThatThrownBy(() -> ModelSpec.read(folder)).hasMessageContaining("model file model.pt is missing");
    }

    @Test
    void aModelFileMustFitItsEngine() throws IOException {
        validFolder();
        write("model.onnx", "x");
        write("model.properties", "engine=PyTorch\nmodel=model.onnx\n");
        assertThatThrownBy(() -> ModelSpec.read(folder)).hasMessageContaining("does not fit engine PyTorch");
    }

    @Test
    void filesOutsideTheFolderAreRefused() throws IOException {
        validFolder();
        write("model.properties", "engine=PyTorch\nmodel=../../etc/model.pt\n");
        assertThatThrownBy(() -> ModelSpec.read(folder)).hasMessageContaining("outside the model folder");
    }

    @Test
    void rawTextNeedsOnnx() throws IOException {
        validFolder();
        write("model.properties", "engine=PyTorch\nmodel=model.pt\ntokenizer=none\n");
        assertThatThrownBy(() -> ModelSpec.read(folder)).hasMessageContaining("tokenizer=none needs engine=OnnxRuntime");
    }

    @Test
    void labelsMustBeAtLeastTwoAndDistinct() throws IOException {
        validFolder();
        write("labels.txt", "positive\n");
        assertThatThrownBy(() -> ModelSpec.read(folder)).hasMessageContaining("between 2 and");
        write("labels.txt", "positive\npositive\n");
        assertThatThrownBy(() -> ModelSpec.read(folder)).hasMessageContaining("lists a label twice");
    }

    @Test
    void badNumbersSayTheRange() throws IOException {
        validFolder();
        write("model.properties", "engine=PyTorch\nmodel=model.pt\nmaxLength=-3\n");
        assertThatThrownBy(() -> ModelSpec.read(folder)).hasMessageContaining("maxLength=-3").hasMessageContaining("1 to");
    }

    @Test
    void activationNoneMeansTheModelReturnsProbabilities() throws IOException {
        validFolder();
        write("model.onnx", "x");
        write("model.properties", "engine=OnnxRuntime\nmodel=model.onnx\ntokenizer=none\nactivation=none\n");
        assertThat(ModelSpec.read(folder).outputsAreProbabilities()).isTrue();
        write("model.properties", "engine=OnnxRuntime\nmodel=model.onnx\ntokenizer=none\nactivation=sigmoid\n");
        assertThatThrownBy(() -> ModelSpec.read(folder)).hasMessageContaining("activation=sigmoid");
    }
}
