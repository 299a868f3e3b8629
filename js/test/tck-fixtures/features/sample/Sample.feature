Feature: Sample

  Scenario: [1] A passing read
    Given an empty graph
    And having executed:
      """
      CREATE (:A {num: 1}), (:A {num: 2.0})
      """
    When executing query:
      """
      MATCH (a:A) RETURN a.num AS num ORDER BY num
      """
    Then the result should be, in order:
      | num |
      | 1   |
      | 2.0 |
    And no side effects

  Scenario: [2] A wrong expectation fails
    Given an empty graph
    When executing query:
      """
      RETURN 1 AS x
      """
    Then the result should be, in any order:
      | x   |
      | 1.0 |
    And no side effects

  Scenario: [3] An expected compile-time error
    Given any graph
    When executing query:
      """
      RETURN undefinedVariable
      """
    Then a SyntaxError should be raised at compile time: UndefinedVariable

  Scenario: [4] The right type, another detail
    Given any graph
    When executing query:
      """
      RETURN undefinedVariable
      """
    Then a SyntaxError should be raised at compile time: VariableTypeConflict

  Scenario: [5] Test procedures answer from their table
    Given an empty graph
    And there exists a procedure test.my.proc(name :: STRING?, in :: FLOAT?) :: (out :: INTEGER?):
      | name | in   | out |
      | 'a'  | 1.0  | 10  |
      | 'a'  | 1.0  | 11  |
      | 'b'  | 1.0  | 20  |
    When executing query:
      """
      UNWIND ['a', 'b', 'c'] AS n
      CALL test.my.proc(n, 1) YIELD out
      RETURN n, out
      """
    Then the result should be, in any order:
      | n   | out |
      | 'a' | 10  |
      | 'a' | 11  |
      | 'b' | 20  |

  Scenario Outline: [6] Side effects of writes
    Given an empty graph
    When executing query:
      """
      CREATE (:<label> {p: <value>})
      """
    Then the result should be empty
    And the side effects should be:
      | +nodes      | 1 |
      | +labels     | 1 |
      | +properties | 1 |

    Examples:
      | label | value |
      | X     | 1     |
      | Y     | 'two' |

  Scenario: [7] A step the runner does not know is unsupported
    Given an empty graph
    And the graph is shaped like a teapot
    When executing query:
      """
      RETURN 1
      """
    Then the result should be empty
