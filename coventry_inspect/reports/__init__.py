"""The letter and the judgement record as documents, and their charts. QtGui only, no widgets."""
