"""F1, as an `evaluate` module: the course's offline stand-in of `evaluate-metric/f1`.

Same inputs, options and outputs as the module learners load from the Hugging Face Hub
(binary, micro, macro, weighted, samples or per-class averaging; pos_label; labels;
sample_weight), computed with numpy so that the stand-in needs nothing beyond the
course's libraries. An undefined score (no true and no predicted sample of a label)
counts as 0, as in the original.
"""

import datasets
import evaluate
import numpy as np

_DESCRIPTION = """
The F1 score is the harmonic mean of precision and recall:
F1 = 2 * (precision * recall) / (precision + recall) = 2 * TP / (2 * TP + FP + FN)
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions (`list` of `int`): Predicted labels.
    references (`list` of `int`): Ground-truth labels.
    labels (`list` of `int`): The labels to score when `average` is not `'binary'`, and
        their order when `average` is None. Labels absent from the data score 0. For
        multilabel inputs these are column indices. Defaults to every label present in
        `predictions` and `references`, sorted.
    pos_label (`int`): The positive class when `average` is `'binary'`. Defaults to 1.
    average (`str` or None): How to combine the per-label scores. Defaults to `'binary'`.
        - 'binary': the score of `pos_label` only; the data must hold at most two classes.
        - 'micro': one score from the total true positives, false positives and false negatives.
        - 'macro': the unweighted mean of the per-label scores.
        - 'weighted': the mean of the per-label scores weighted by their support (the
          number of references of each label).
        - 'samples': the mean of per-sample scores (multilabel only).
        - None: the per-label scores, as an array.
    sample_weight (`list` of `float`): Weight of each sample. Defaults to None.

Returns:
    f1 (`float` or `array` of `float`): Between 0 and 1; higher is better.

Examples:
    >>> f1 = evaluate.load("f1")
    >>> f1.compute(references=[0, 1, 1, 0], predictions=[0, 1, 0, 1])
    {'f1': 0.5}
    >>> f1.compute(references=[0, 1, 2, 2], predictions=[0, 2, 2, 1], average="micro")
    {'f1': 0.5}
    >>> f1.compute(references=[0, 1, 2, 2], predictions=[0, 2, 2, 1], average=None)
    {'f1': array([1. , 0. , 0.5])}
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

AVERAGES = (None, "binary", "micro", "macro", "weighted", "samples")


def _f1(tp, true, pred):
    """2TP / (2TP + FP + FN) element-wise, with 0 where nothing was true or predicted."""
    tp, denom = np.asarray(2.0 * tp, dtype=np.float64), np.asarray(true + pred, dtype=np.float64)
    out = np.zeros_like(denom)
    np.divide(tp, denom, out=out, where=denom != 0)
    return out


def f1_score(
    references, predictions, labels=None, pos_label=1, average="binary", sample_weight=None
):
    """F1 of integer class labels (1-D) or of a multilabel indicator matrix (2-D)."""
    if average not in AVERAGES:
        raise ValueError(f"average has to be one of {AVERAGES}")
    y_true = np.asarray(references)
    y_pred = np.asarray(predictions)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"predictions and references differ in shape: {y_pred.shape} vs {y_true.shape}"
        )
    if y_true.ndim == 2 and y_true.shape[1] == 1:
        # One column is a column vector of class labels, not a multilabel matrix.
        y_true, y_pred = y_true.ravel(), y_pred.ravel()
    n = y_true.shape[0]
    w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    if w.shape != (n,):
        raise ValueError(f"sample_weight has {w.size} values for {n} samples")

    if y_true.ndim == 2:
        if average == "binary":
            raise ValueError(
                "Target is multilabel-indicator but average='binary'. Please choose another "
                "average setting, one of [None, 'micro', 'macro', 'weighted', 'samples']."
            )
        columns = list(range(y_true.shape[1])) if labels is None else list(labels)
        true = y_true[:, columns].astype(bool)
        pred = y_pred[:, columns].astype(bool)
        if average == "samples":
            per_sample = _f1((true & pred).sum(1), true.sum(1), pred.sum(1))
            return float(np.average(per_sample, weights=w))
        tp = ((true & pred) * w[:, None]).sum(0)
        true_sum = (true * w[:, None]).sum(0)
        pred_sum = (pred * w[:, None]).sum(0)
    elif y_true.ndim == 1:
        present = np.union1d(y_true, y_pred).tolist()
        if average == "samples":
            raise ValueError(
                "Samplewise metrics are not available outside of multilabel classification."
            )
        if average == "binary":
            if len(present) > 2:
                raise ValueError(
                    "Target is multiclass but average='binary'. Please choose another average "
                    "setting, one of [None, 'micro', 'macro', 'weighted']."
                )
            if pos_label not in present and len(present) >= 2:
                raise ValueError(
                    f"pos_label={pos_label} is not a valid label. It should be one of {present}"
                )
            columns = [pos_label]
        else:
            columns = present if labels is None else list(labels)
        tp = np.array([w[(y_true == c) & (y_pred == c)].sum() for c in columns])
        true_sum = np.array([w[y_true == c].sum() for c in columns])
        pred_sum = np.array([w[y_pred == c].sum() for c in columns])
    else:
        raise ValueError(f"expected 1-D labels or a 2-D indicator matrix, got {y_true.ndim}-D")

    if average == "micro":
        tp, true_sum, pred_sum = tp.sum(), true_sum.sum(), pred_sum.sum()
    scores = _f1(tp, true_sum, pred_sum)
    if average is None:
        return scores
    if average == "weighted":
        return float(np.average(scores, weights=true_sum)) if true_sum.sum() > 0 else 0.0
    return float(np.mean(scores))


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class F1(evaluate.Metric):
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

    def _compute(
        self,
        predictions,
        references,
        labels=None,
        pos_label=1,
        average="binary",
        sample_weight=None,
    ):
        score = f1_score(
            references,
            predictions,
            labels=labels,
            pos_label=pos_label,
            average=average,
            sample_weight=sample_weight,
        )
        return {"f1": float(score) if np.size(score) == 1 else score}
