#!/usr/bin/env python3
"""Prints the failed tests of the last ./test.sh run with their first message line and location."""
import glob, re
for trx in glob.glob('TestResults/test-sh/*.trx'):
    s = open(trx, encoding='utf-8').read()
    for m in re.finditer(r'<UnitTestResult[^>]*testName="([^"]*)"[^>]*outcome="Failed".*?<Message>(.*?)</Message>(.*?)</StackTrace>', s, re.S):
        where = re.findall(r'tests/[\w./]+\.cs:line \d+', m.group(3))
        print(m.group(1), '|', m.group(2)[:400].replace('\n', ' '), where[:1])
