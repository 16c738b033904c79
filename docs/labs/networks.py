# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Networks on digits { #networks-lab }
#
# This notebook trains both two-layer networks on the handwritten digits that scikit-learn ships, with the gradients derived on the [sigmoid network](../../models/sigmoid-network/) and [ReLU/softmax network](../../models/relu-softmax-network/) pages.
# The ReLU/softmax network is scored beside scikit-learn's `MLPClassifier` of the same size, trained in the same run.
# The key numbers are asserted, so a change that breaks training also breaks the site build.

# %%
import matplotlib.pyplot as plt
import numpy as np

from derivlib.experiments import networks

# %% [markdown]
# ## Data { #data }
#
# The digits are 1,797 images of 8 × 8 pixels with values 0 to 16, in $c = 10$ classes.
# The pixels are divided by 16, so every feature lies in $[0, 1]$, and a column of ones in front carries the bias: $X$ has $m = 65$ columns.
# The networks have no other bias, so the hidden units get one from that column and the outputs get none.
# A stratified split with `random_state=0` keeps 1,347 images for training and 450 for testing.

# %%
split = networks.load_digits_split()
print(f"training set: {split.X_train.shape}, test set: {split.X_test.shape}")

assert split.X_train.shape == (1347, 65)
assert split.X_test.shape == (450, 65)

# %% [markdown]
# ## Training { #training }
#
# Both networks are trained by mini-batch gradient descent with momentum 0.9, in batches of 32 samples that are reshuffled every epoch.
# The losses are sums over the batch, so the learning rate 0.003 moves the weights by 0.003 times a gradient summed over 32 samples.
# On the mean over the batch, the same step needs the rate 0.096.
# The weights start as 0.1 times standard normal entries, drawn from `numpy.random.default_rng(0)`, which also draws the order of the batches.
#
# - The ReLU/softmax network has $b = 128$ hidden units and trains for 30 epochs.
# - The sigmoid network has $b = 64$ hidden units, regresses onto the one-hot labels with the squared error, and trains for 100 epochs; its predicted class is the largest of its 10 outputs.
# - `MLPClassifier(hidden_layer_sizes=(128,), activation="relu", solver="sgd")` trains with the same momentum, batch size and number of epochs, without a penalty (`alpha=0`) and with the learning rate 0.096, because it averages the loss over the batch.
#   It has a bias in each layer and starts from its own Glorot-uniform weights.

# %%
relu_softmax = networks.fit_relu_softmax_network(split)
mlp = networks.fit_mlp_classifier(split)
sigmoid = networks.fit_sigmoid_network(split)

print(f"ReLU/softmax network: test accuracy {relu_softmax.test_accuracy:.4f}, {relu_softmax.seconds:.1f} s")
print(f"MLPClassifier:        test accuracy {mlp.test_accuracy:.4f}, {mlp.seconds:.1f} s")
print(f"sigmoid network:      test accuracy {sigmoid.test_accuracy:.4f}, {sigmoid.seconds:.1f} s")

assert relu_softmax.test_accuracy >= 0.97
assert mlp.test_accuracy >= 0.95
assert abs(relu_softmax.test_accuracy - mlp.test_accuracy) <= 0.03
assert sigmoid.test_accuracy >= 0.95
assert relu_softmax.losses[-1] < 0.01 * relu_softmax.losses[0]
assert sigmoid.losses[-1] < 0.05 * sigmoid.losses[0]

# %% [markdown]
# The ReLU/softmax network classifies at least 97% of the test images correctly, and scikit-learn's network of the same size lands within three percentage points of it.
# The cell asserts both.
# The times include the loss and accuracy after every epoch, and are measured on whatever machine builds the site, so they are printed but not asserted.
#
# ## Loss and accuracy curves { #curves }
#
# The loss is summed over the training set after every epoch; epoch 0 is the starting point.
# `MLPClassifier` has no weights before its first epoch, so its curves start at epoch 1.

# %%
fig, (loss_ax, accuracy_ax) = plt.subplots(1, 2, figsize=(10, 3.5))
loss_ax.semilogy(relu_softmax.epochs, relu_softmax.losses, label="ReLU/softmax network")
loss_ax.semilogy(mlp.epochs, mlp.losses, label="MLPClassifier")
loss_ax.set_xlabel("epoch")
loss_ax.set_ylabel("cross-entropy (sum over the training set)")
loss_ax.legend()
accuracy_ax.plot(relu_softmax.epochs, relu_softmax.test_accuracies, label="ReLU/softmax network")
accuracy_ax.plot(mlp.epochs, mlp.test_accuracies, label="MLPClassifier")
accuracy_ax.set_ylim(0.85, 1.0)
accuracy_ax.set_xlabel("epoch")
accuracy_ax.set_ylabel("test accuracy")
accuracy_ax.legend(loc="lower right")
plt.tight_layout()
plt.show()

# %%
for name, run in (("ReLU/softmax network", relu_softmax), ("MLPClassifier", mlp)):
    first_above_95 = int(run.epochs[np.argmax(run.test_accuracies >= 0.95)])
    print(f"{name}: 95% test accuracy from epoch {first_above_95}, final training loss {run.losses[-1]:.2f}")
    assert first_above_95 <= 5

# %% [markdown]
# Both networks pass 95% test accuracy within five epochs.
# Both end with a summed training loss of a few nats over 1,347 images, a few thousandths per image: with 128 hidden units they nearly memorize the training set.
#
# ## The sigmoid network { #sigmoid }
#
# The sigmoid network learns the same task with the squared error.
# Its loss first stalls: nine of the ten targets of every image are 0, so all outputs are first pushed towards 0, where the factor $h (1 - h)$ of the output-layer term is small.
# Only then do the classes separate.

# %%
fig, (loss_ax, accuracy_ax) = plt.subplots(1, 2, figsize=(10, 3.5))
loss_ax.semilogy(sigmoid.epochs, sigmoid.losses)
loss_ax.set_xlabel("epoch")
loss_ax.set_ylabel("squared error (sum over the training set)")
accuracy_ax.plot(sigmoid.epochs, sigmoid.test_accuracies)
accuracy_ax.set_ylim(0.0, 1.0)
accuracy_ax.set_xlabel("epoch")
accuracy_ax.set_ylabel("test accuracy")
plt.tight_layout()
plt.show()

first_sigmoid = int(np.argmax(sigmoid.test_accuracies >= 0.9))
first_relu_softmax = int(np.argmax(relu_softmax.test_accuracies >= 0.9))
print(f"first epoch with 90% test accuracy: sigmoid {first_sigmoid}, ReLU/softmax {first_relu_softmax}")
assert first_sigmoid > 5 * first_relu_softmax

# %% [markdown]
# The sigmoid network needs many more epochs than the ReLU/softmax network to reach 90% test accuracy.
# The squared error of a sigmoid output keeps the factor $h (1 - h)$ in its output-layer term.
# The cross-entropy of a softmax output cancels it, leaving $h - y$.
