"""The counter app's widgets. Each view takes its model in its constructor and follows
the model's signals; none holds state of its own that the model does not have."""
