"""Accuracy, as an `evaluate` module: the course's offline stand-in of `evaluate-metric/accuracy`.

Same inputs, options and outputs as the module learners load from the Hugging Face Hub,
computed with numpy so that the stand-in needs nothing beyond the course's libraries.
"""

import datasets
import evaluate
import numpy as np

_DESCRIPTION = """
Accuracy is the share of predictions that equal their reference:
Accuracy = (TP + TN) / (TP + TN + FP + FN)
where TP, TN, FP and FN count true positives, true negatives, false positives and
false negatives. With the `multilabel` configuration a sample counts as correct only
when every one of its labels is right (subset accuracy).
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (`list` of `int`): Predicted labels.
    references (`list` of `int`): Ground-truth labels.
    normalize (`bool`): If False, return the number (or total weight) of correct samples
        instead of their fraction. Defaults to True.
    sample_weight (`list` of `float`): Weight of each sample. Defaults to None.

Returns:
    accuracy (`float`): Between 0 and 1, or between 0 and the number (total weight) of
        samples when `normalize` is False. Higher is better.

Examples:
    >>> accuracy = evaluate.load("accuracy")
    >>> accuracy.compute(references=[0, 1, 1, 0], predictions=[0, 1, 0, 0])
    {'accuracy': 0.75}
    >>> accuracy.compute(references=[0, 1, 1, 0], predictions=[0, 1, 0, 0], normalize=False)
    {'accuracy': 3.0}
    >>> accuracy.compute(references=[0, 1, 1], predictions=[0, 1, 0], sample_weight=[1, 1, 2])
    {'accuracy': 0.5}
"""

_CITATION = """
@article{scikit-learn,
  title={Scikit-learn: Machine Learning in {P}ython},
  author={Pedregosa, F. and Varoquaux, G. and Gramfort, A. and Michel, V. and Thirion, B.
          and Grisel, O. and Blondel, M. and Prettenhofer, P. and Weiss, R. and Dubourg, V.
          and Vanderplas, J. and Passos, A. and Cournapeau, D. and Brucher, M. and
          Perrot, M. and Duchesnay, E.},
  journal={Journal of Machine Learning Research},
  volume={12},
  pages={2825--2830},
  year={2011}
}
"""


def accuracy_score(references, predictions, normalize=True, sample_weight=None) -> float:
    """Fraction (or count) of correct samples; a multilabel sample must match on every label."""
    refs = np.asarray(references)
    preds = np.asarray(predictions)
    if refs.shape != preds.shape:
        raise ValueError(
            f"predictions and references differ in shape: {preds.shape} vs {refs.shape}"
        )
    correct = refs == preds
    if correct.ndim > 1:
        correct = correct.all(axis=tuple(range(1, correct.ndim)))
    correct = correct.astype(np.float64)
    if sample_weight is None:
        return float(correct.mean() if normalize else correct.sum())
    weights = np.asarray(sample_weight, dtype=np.float64)
    if weights.shape != correct.shape:
        raise ValueError(f"sample_weight has {weights.size} values for {correct.size} samples")
    if normalize:
        return float(np.average(correct, weights=weights))
    return float(np.dot(correct, weights))


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class Accuracy(evaluate.Metric):
    def _info(self):
        if self.config_name == "multilabel":
            features = {
                "predictions": datasets.Sequence(datasets.Value("int32")),
                "references": datasets.Sequence(datasets.Value("int32")),
            }
        else:
            features = {
                "predictions": datasets.Value("int32"),
                "references": datasets.Value("int32"),
            }
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation=_CITATION,
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features(features),
            reference_urls=[],
        )

    def _compute(self, predictions, references, normalize=True, sample_weight=None):
        return {
            "accuracy": accuracy_score(
                references, predictions, normalize=normalize, sample_weight=sample_weight
            )
        }
