"""Demo and benchmark data: the CAP 2021 programme (`programme`) and synthetic volume (`volume`).

They live in governance because it is the top of the writing stack: the only app allowed to
import every app whose rows they write.
"""
