"""The Embedder protocol, the torch and ONNX Runtime encoders, and the ONNX export."""
